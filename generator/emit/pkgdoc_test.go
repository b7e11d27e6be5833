package emit

import (
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// The package comment's example never calls a deprecated operation when
// another would do (Batch 2025's certificate operations are deprecated
// and come first).
func TestExampleOpNotDeprecated(t *testing.T) {
	str := model.TypeRef{Kind: model.KindBuiltin, Name: "string"}
	param := &model.Param{Wire: "id", GoName: "ID", Arg: "id", Encoding: model.Encoding{In: model.InPath, Style: model.StyleSimple}, Type: str, Required: true}
	old := &model.Operation{GoName: "GetOld", Method: "GET", Deprecated: true, Positional: []*model.Param{param}}
	cur := &model.Operation{GoName: "GetCurrent", Method: "GET", Positional: []*model.Param{param, param}}
	api := &model.API{Groups: []*model.Group{{Name: "A", Operations: []*model.Operation{old}}, {Name: "B", Operations: []*model.Operation{cur}}}}
	if _, op := exampleOp(api); op != cur {
		t.Errorf("picked %s", op.GoName)
	}
}
