package generator_test

import (
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeDocExamples turns each code block of a generated package's doc.go
// into a main package under dir/NAME_exampleN, so that building dir proves
// the package comment's examples compile against the package.
func writeDocExamples(t *testing.T, dir, module, name string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name, "doc.go"), nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	if f.Doc == nil {
		t.Fatalf("%s: doc.go has no package comment", name)
	}
	n := 0
	for _, b := range new(comment.Parser).Parse(f.Doc.Text()).Content {
		code, ok := b.(*comment.Code)
		if !ok {
			continue
		}
		imports := []string{strconv.Quote(module + "/" + name)}
		for _, p := range []string{"context", "errors", "fmt", "log", "net/http", "time"} {
			if strings.Contains(code.Text, filepath.Base(p)+".") {
				imports = append(imports, strconv.Quote(p))
			}
		}
		src := "package main\n\nimport (\n\t" + strings.Join(imports, "\n\t") + "\n)\n\n" + code.Text
		n++
		ex := filepath.Join(dir, name+"_example"+strconv.Itoa(n))
		if err := os.MkdirAll(ex, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ex, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n != 2 {
		t.Errorf("%s: doc.go has %d examples, want a client and a server one", name, n)
	}
}
