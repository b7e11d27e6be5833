package emit

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/internal/testkit"
)

// hostileStrings are the strings the injection tests push through every
// text-bearing field of a definition (generator/testdata).
func hostileStrings(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "hostile-strings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCommentSafe renders text with comment (and doc) between two
// declarations and checks that the file still parses to exactly those
// declarations, that every comment is a // line comment of ours, and that
// none of them is a directive or a build constraint.
func checkCommentSafe(t *testing.T, text string) {
	t.Helper()
	f := jen.NewFile("p")
	f.Var().Id("Before").Int()
	f.Add(comment(text)).Var().Id("After").Int()
	f.Add(doc("Name", text)).Type().Id("T").Int()
	f.Add(commentf("%s is the result of %s.", "R", text)).Type().Id("R").Int()
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		t.Fatalf("%q: render: %v", text, firstLine(err.Error()))
	}
	src := b.Bytes()
	if !utf8.Valid(src) || bytes.ContainsRune(src, 0) || bytes.ContainsRune(src, '\uFEFF') {
		t.Fatalf("%q: output holds invalid UTF-8, NUL or BOM:\n%s", text, src)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%q: output does not parse: %v\n%s", text, err, src)
	}
	var names []string
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			t.Fatalf("%q: unexpected declaration %T:\n%s", text, d, src)
		}
		for _, s := range g.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				names = append(names, s.Names[0].Name)
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			}
		}
	}
	if got := strings.Join(names, ","); got != "Before,After,T,R" {
		t.Fatalf("%q: declarations %s, want Before,After,T,R:\n%s", text, got, src)
	}
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if !strings.HasPrefix(c.Text, "//") || strings.Contains(c.Text, "\n") {
				t.Fatalf("%q: not a line comment: %q", text, c.Text)
			}
			if testkit.IsDirective(c.Text) {
				t.Fatalf("%q: comment %q is a directive", text, c.Text)
			}
		}
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func TestCommentHostileStrings(t *testing.T) {
	for _, s := range hostileStrings(t) {
		checkCommentSafe(t, s)
	}
}

func TestCommentKeepsOrdinaryText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Gets a pool.", "// Gets a pool."},
		{"a\n\nb", "// a\n//\n// b"},
		{"  - item", "//   - item"},
		{"\ttabbed code", "// \ttabbed code"},
		{"trailing   \n\n\n", "// trailing"},
		{"x */ y /* z", "// x */ y /* z"},
		{"//go:generate x", "// //go:generate x"},
		{"+build linux", `// \+build linux`},
		{"nul\x00", `// nul\u0000`},
		{"bad \xff", `// bad \xff`},
		{"rtl \u202e", `// rtl \u202e`},
		{"a\r\nb\rc\u2028d", "// a\n// b\n// c\n// d"},
		{"zero\u200bwidth", `// zero\u200bwidth`},
	} {
		if got := strings.Join(commentLines(tc.in), "\n"); got != tc.want {
			t.Errorf("commentLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzComment(f *testing.F) {
	for _, s := range hostileStrings(f) {
		f.Add(s)
	}
	f.Add("plain text")
	f.Add("\xff\xfe*/")
	f.Fuzz(func(t *testing.T, s string) {
		checkCommentSafe(t, s)
		for _, l := range commentLines(s) {
			for _, r := range l {
				if r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
					t.Fatalf("%q: line %q holds %U", s, l, r)
				}
			}
		}
	})
}

// TestOnlyCommentGoWritesComments keeps comment.go the single place that
// writes comments: any other Comment or Commentf call in the emitters
// would bypass the sanitiser.
func TestOnlyCommentGoWritesComments(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "comment.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch sel.Sel.Name {
			case "Comment", "Commentf", "PackageComment", "CanonicalPath":
				t.Errorf("%s: %s bypasses the comment sanitiser; use comment, commentf or doc", fset.Position(sel.Pos()), sel.Sel.Name)
			case "HeaderComment":
				if id, ok := call.Args[0].(*ast.Ident); !ok || id.Name != "Header" {
					t.Errorf("%s: HeaderComment takes only the constant Header", fset.Position(sel.Pos()))
				}
			}
			return true
		})
	}
}
