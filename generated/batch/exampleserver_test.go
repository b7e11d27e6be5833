package batch_test

import (
	"path/filepath"
	"sort"
	"testing"
)

// TestExampleServers calls every example of the definition through the
// client against batch.NewHandler(batch.ExampleServers()) and compares the
// typed response (status, headers, body) with the example file.
func TestExampleServers(t *testing.T) {
	ops, hostParams := loadSpecOps(t)
	var ids []string
	for id := range ops {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n := 0
	for _, id := range ids {
		op := ops[id]
		run, ok := exampleOps[id]
		if !ok {
			t.Errorf("operation %s has no runner", id)
			continue
		}
		names := make([]string, 0, len(op.Examples))
		for name := range op.Examples {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			file := filepath.Join(specDir, op.Examples[name].Ref)
			n++
			t.Run(id+"/"+name, func(t *testing.T) {
				replayExample(t, op, run, file, hostParams, true)
			})
		}
	}
	if n == 0 {
		t.Fatal("no examples")
	}
}
