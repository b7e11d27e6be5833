// The generator's tests copy this file into generated packages with
// example servers, its package clause renamed.

package mockpets

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// TestExampleTables calls every example server method with zero
// arguments. Each checks its table (exampleOp) against its Options and
// response structs on its first call: the generator writes both from one
// model, so every table must fit.
func TestExampleTables(t *testing.T) {
	srvs := reflect.ValueOf(ExampleServers())
	n := 0
	for i := range srvs.NumField() {
		s := srvs.Field(i)
		if s.Kind() != reflect.Interface || s.IsNil() {
			continue
		}
		for j := range s.NumMethod() {
			m := s.Method(j)
			args := make([]reflect.Value, m.Type().NumIn())
			for k := range args {
				args[k] = reflect.Zero(m.Type().In(k))
			}
			args[0] = reflect.ValueOf(context.Background())
			out := m.Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			var tableErr *exampleTableError
			if errors.As(err, &tableErr) {
				t.Errorf("%s.%s: %v", srvs.Type().Field(i).Name, s.Type().Method(j).Name, err)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no example server methods")
	}
}
