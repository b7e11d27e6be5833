package generator

import (
	"testing"

	"github.com/oasgen/oasgen/generator/write"
)

// An output over the limit (MaxOutputBytes) is refused, naming the
// definition.
func TestCheckSize(t *testing.T) {
	const limit = 2 << 20
	half := write.File{Name: "a.go", Content: make([]byte, limit/2)}
	if err := checkSize("s.json", []write.File{half, half}, limit); err != nil {
		t.Fatal(err)
	}
	more := write.File{Name: "b.go", Content: []byte{'\n'}}
	err := checkSize("s.json", []write.File{half, half, more}, limit)
	if err == nil || err.Error() != "s.json: the generated package would be 2.0 MiB, over oasgen's limit of 2.0 MiB: generate a part of it (tags or operations in the config)" {
		t.Fatalf("err %v", err)
	}
}
