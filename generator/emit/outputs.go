package emit

import (
	"fmt"
	"slices"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/templates"
)

// PartNames are the parts a package is generated in (-generate), in
// order.
var PartNames = []string{"models", "client", "server"}

// Parts selects what is generated.
type Parts struct {
	Models, Client, Server bool
	// Definition is the definition's file name (no folder: the output must
	// not depend on where the user keeps it), for the package comment.
	Definition string
}

func (p Parts) any() bool       { return p.Models || p.Client || p.Server }
func (p Parts) calls() bool     { return p.Client || p.Server }
func (p Parts) client() bool    { return p.Client }
func (p Parts) server() bool    { return p.Server }
func (p Parts) always() bool    { return true }
func (n needs) client() bool    { return n.Client }
func (n needs) server() bool    { return n.Server }
func (n needs) examples() bool  { return n.Server && n.hasExamples }
func (n needs) nullables() bool { return n.hasNullables }
func (n needs) formats() bool   { return n.Server && n.hasFormats }
func (n needs) always() bool    { return true }
func (n needs) streams() bool   { return n.hasStreams && n.calls() }
func (n needs) clientStreams() bool {
	return n.Client && n.hasStreams
}
func (n needs) serverStreams() bool {
	return n.Server && n.hasStreams
}

// adder takes one file: its name and the function that builds its syntax
// tree in a new file (a nil tree: nothing to say, no file).
type adder func(name string, build func(f *jen.File) *jen.File)

// outputs are the generated files, in the order they are rendered: when a
// package gets them (by its parts), what makes them, and what of them the
// change report's Go view needs (GoAPI): the same files, nil for files
// that declare no exported API, or a function that renders only the
// exported declarations of files that are mostly something else. A new
// output is a row here and an emitter file.
var outputs = []output{
	{Parts.always, docOutput, nil},
	{Parts.any, modelOutputs, modelOutputs},
	{Parts.server, validateOutput, nil},
	{Parts.calls, opsOutputs, opsOutputs},
	{Parts.client, clientOutputs, clientOutputs},
	{Parts.server, serverOutputs, serverOutputs},
	{Parts.server, examplesOutput, exampleServersOutput},
}

type output struct {
	when  func(Parts) bool
	files func(api *model.API, p Parts, add adder)
	api   func(api *model.API, p Parts, add adder)
}

var (
	clientOutputs = sideOutputs("client", clientFile, groupClientFile, webhookClientFile)
	serverOutputs = sideOutputs("server", serverFile, groupServerFile, webhookServerFile)
)

func docOutput(api *model.API, p Parts, add adder) {
	add("doc.go", func(f *jen.File) *jen.File { return docFile(f, api, p) })
}

func validateOutput(api *model.API, _ Parts, add adder) {
	add("models_validate.go", func(f *jen.File) *jen.File { return modelsValidateFile(f, api) })
}

func opsOutputs(api *model.API, p Parts, add adder) {
	for _, g := range api.AllGroups() {
		add(g.File+"_ops.go", func(f *jen.File) *jen.File { return opsFile(f, g, p) })
	}
}

func examplesOutput(api *model.API, _ Parts, add adder) {
	add("examples.go", func(f *jen.File) *jen.File { return examplesFile(f, api) })
}

// exampleServersOutput is examples.go's exported API, ExampleServers,
// without the example servers and data behind it (the file's bulk).
func exampleServersOutput(api *model.API, _ Parts, add adder) {
	add("examples.go", func(f *jen.File) *jen.File {
		if !api.HasExamples() {
			return nil
		}
		f.Add(exampleServersFunc(api))
		return f
	})
}

// sideOutputs are the files of the client or the server side: SIDE.go,
// GROUP_SIDE.go per operation group, and the webhooks' file.
func sideOutputs(side string, top func(*jen.File, *model.API) *jen.File, group func(*jen.File, *model.API, *model.Group) *jen.File, hooks func(*jen.File, *model.API) *jen.File) func(*model.API, Parts, adder) {
	return func(api *model.API, _ Parts, add adder) {
		add(side+".go", func(f *jen.File) *jen.File { return top(f, api) })
		for _, g := range api.Groups {
			add(g.File+"_"+side+".go", func(f *jen.File) *jen.File { return group(f, api, g) })
		}
		if api.Webhooks != nil {
			add(api.Webhooks.File+"_"+side+".go", func(f *jen.File) *jen.File { return hooks(f, api) })
		}
	}
}

// modelOutputs are the model files: models.go and its codecs, or, for a
// large package, models.go (the constants) and one file of types and one
// of codecs per initial (modelFiles).
func modelOutputs(api *model.API, p Parts, add adder) {
	files := modelFiles(api)
	if files == nil {
		add("models.go", func(f *jen.File) *jen.File { return modelsFile(f, api, api.Types, p) })
		add("models_json.go", func(f *jen.File) *jen.File { return modelsJSONFile(f, api.Types) })
		return
	}
	add("models.go", func(f *jen.File) *jen.File { return modelsFile(f, api, nil, p) })
	for _, mf := range files {
		add(mf.Name, func(f *jen.File) *jen.File { return modelTypes(f, mf.Types, p) })
		add(mf.JSONName, func(f *jen.File) *jen.File { return modelsJSONFile(f, mf.Types) })
	}
}

// needs is what decides which support files a package gets.
type needs struct {
	Parts
	hasExamples, hasNullables bool
	hasFormats                bool // a schema the server checks names a format
	hasStreams                bool // typed streams (model.Stream)
}

// supportFiles says, for each file of templates/support, when a package
// gets it (as support_NAME.go). A support file without a row fails every
// generation (TestSupportTable), so none is copied by accident.
var supportFiles = map[string]func(needs) bool{
	"client.go":            needs.client,
	"client_auth.go":       needs.client,
	"client_observe.go":    needs.client,
	"client_retry.go":      needs.client,
	"client_stream.go":     needs.clientStreams,
	"client_transport.go":  needs.client,
	"errors.go":            needs.always,
	"format.go":            needs.always,
	"json.go":              needs.always, // the reflection-free codecs' reader and writer
	"jsontable.go":         needs.always, // the table codec (jsonbody.go calls it)
	"jsonbody.go":          needs.always,
	"jsonbudget.go":        needs.always,
	"nullable.go":          needs.nullables,
	"observe.go":           needs.always,
	"server.go":            needs.server,
	"server_conditions.go": needs.server,
	"server_context.go":    needs.server,
	"server_examples.go":   needs.examples,
	"server_formats.go":    needs.formats,
	"server_observe.go":    needs.server,
	"server_stream.go":     needs.serverStreams,
	"server_validate.go":   needs.server,
	"stream.go":            needs.streams,
	"uuid.go":              needs.always,
	"wire.go":              needs.calls, // the operations' parameter and header tables
}

// support copies the support files the package needs from
// templates/support, renamed into the package.
func support(api *model.API, parts Parts) ([]File, error) {
	src, err := templates.Support()
	if err != nil {
		return nil, err
	}
	n := needs{
		Parts:        parts,
		hasExamples:  api.HasExamples(),
		hasNullables: hasNullables(api),
		hasFormats:   slices.ContainsFunc(api.Schemas, func(s *model.Schema) bool { return s.Format != "" && s.Format != "int32" && s.Format != "int64" }),
		hasStreams:   hasStreams(api),
	}
	var out []File
	for _, f := range src {
		when, ok := supportFiles[f.Name]
		if !ok {
			return nil, fmt.Errorf("internal error: templates/support/%s has no row in emit's supportFiles", f.Name)
		}
		if !when(n) {
			continue
		}
		b, err := templates.Rewrite(f.Src, api.Package, Header)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: "support_" + f.Name, Content: b})
	}
	return out, nil
}
