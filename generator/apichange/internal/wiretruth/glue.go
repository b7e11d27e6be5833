package wiretruth

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/generator/write"
)

// glue writes the file the harness adds to a generated package: fake
// servers for every group (each method hands its arguments to the
// driver and returns what it makes), the package's model types by name,
// and how to make a client and a handler. The method signatures are read
// from the server interfaces the emitter wrote, so they are the
// package's own; names come from the model (Go identifiers already).
func glue(api *model.API, files []write.File, module string) ([]byte, error) {
	fset := token.NewFileSet()
	type iface struct {
		methods *ast.FieldList
		imports map[string]string // package name → path, of the declaring file
	}
	ifaces := map[string]iface{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		af, err := parser.ParseFile(fset, f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Name, err)
		}
		imports := map[string]string{}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := p[strings.LastIndex(p, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = p
		}
		for _, d := range af.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if it, ok := ts.Type.(*ast.InterfaceType); ok {
					ifaces[ts.Name.Name] = iface{it.Methods, imports}
				}
			}
		}
	}
	var b bytes.Buffer
	used := map[string]string{"net/http": "http", "reflect": "reflect", "errors": "errors", module + "/drive": "drive"}
	var fakes bytes.Buffer
	var servers []string
	for _, g := range api.Groups {
		it, ok := ifaces[g.Server]
		if !ok {
			return nil, fmt.Errorf("server interface %s not found", g.Server)
		}
		fake := "wiretruthFake" + g.Name
		servers = append(servers, fmt.Sprintf("%s: %s{s},", g.Name, fake))
		fmt.Fprintf(&fakes, "type %s struct{ s drive.Server }\n\n", fake)
		for _, m := range it.methods.List {
			ft, ok := m.Type.(*ast.FuncType)
			if !ok || len(m.Names) != 1 || ft.Results == nil || len(ft.Results.List) != 2 {
				return nil, fmt.Errorf("%s: method of unexpected shape", g.Server)
			}
			ast.Inspect(ft, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok {
						if p, ok := it.imports[id.Name]; ok {
							used[p] = id.Name
						}
					}
				}
				return true
			})
			var params, args []string
			i := 0
			for _, p := range ft.Params.List {
				n := max(len(p.Names), 1)
				for range n {
					name := fmt.Sprintf("a%d", i)
					params = append(params, name+" "+node(fset, p.Type))
					if i > 0 {
						args = append(args, name)
					}
					i++
				}
			}
			resp := node(fset, ft.Results.List[0].Type)
			op := g.Name + "." + m.Names[0].Name
			fmt.Fprintf(&fakes, "func (f %s) %s(%s) (%s, error) {\n", fake, m.Names[0].Name, strings.Join(params, ", "), resp)
			fmt.Fprintf(&fakes, "\tout, err := f.s.Serve(%s, reflect.TypeFor[%s](), %s)\n", strconv.Quote(op), resp, strings.Join(args, ", "))
			fmt.Fprintf(&fakes, "\tr, _ := out.(%s)\n\treturn r, err\n}\n\n", resp)
		}
	}
	fmt.Fprintf(&b, "// Code written by the wire-truth harness for a test.\n\npackage %s\n\nimport (\n", api.Package)
	paths := make([]string, 0, len(used))
	for p := range used {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%s %s\n", used[p], strconv.Quote(p))
	}
	b.WriteString(")\n\n")
	b.WriteString(`// WireTruth is the package as the driver sees it.
var WireTruth = drive.Package{
	NewClient: func(h http.Handler, apiVersion string) (any, error) {
		opts := []ClientOption{WithHTTPClient(&http.Client{Transport: HandlerTransport(h)}), WithRetry(RetryPolicy{MaxAttempts: 1})}
		if apiVersion != "" {
			opts = append(opts, WithAPIVersion(apiVersion))
		}
		return NewClient("https://wiretruth.example", opts...)
	},
	NewHandler: func(s drive.Server) http.Handler {
		return NewHandler(Servers{
`)
	for _, s := range servers {
		b.WriteString("\t\t\t" + s + "\n")
	}
	b.WriteString("\t\t})\n\t},\n\tTypes: map[string]reflect.Type{\n")
	for _, t := range api.Types {
		fmt.Fprintf(&b, "\t\t%s: reflect.TypeFor[%s](),\n", strconv.Quote(t.Name), t.Name)
	}
	b.WriteString(`	},
	ResponseError: func(err error) (int, []byte, any, bool) {
		var re *ResponseError
		if !errors.As(err, &re) {
			return 0, nil, nil, false
		}
		var m any
		if re.Err != nil {
			m = re.Err
		}
		return re.StatusCode, re.Body, m, true
	},
	Fail: func(status int, model any) error {
		e, _ := model.(error)
		return &ResponseError{StatusCode: status, Err: e}
	},
}

`)
	b.Write(fakes.Bytes())
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("glue: %v\n%s", err, b.Bytes())
	}
	return src, nil
}

func node(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	printer.Fprint(&b, fset, n)
	return b.String()
}
