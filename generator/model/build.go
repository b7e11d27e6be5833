package model

import (
	"fmt"
	"slices"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/load"
)

// Config selects and shapes what is modelled.
type Config struct {
	Package    string
	Tags       []string          // keep only operations with one of these tags
	Operations []string          // keep only these operation ids
	Formats    map[string]string // format → Go type ("int64" or "example.com/pkg.Type")
	// Names maps a wire name or a JSON pointer to a Go name, for what no
	// naming rule can know (see memberName).
	Names map[string]string
	// Reserved are the package-level names already taken: the support
	// code's and those the emitter declares (emit.Declared).
	Reserved []string
	// HandlerReserved are the field and method names of the emitted
	// handler types, which no operation's handler method may take.
	HandlerReserved []string
	// Locals are the names the emitted methods of an operation declare or
	// refer to besides its arguments (emit.Locals). No argument takes one
	// of them or of Reserved, so that none shadows what the method uses.
	Locals []string
	// AllCodecs: every type gets generated JSON codecs, not only those
	// encoding/json cannot handle (see MarkCodecs). It is for tests of the
	// codec emitter (generator.Config.AllCodecs), not a setting.
	AllCodecs bool
	// Prune drops the types no selected operation reaches.
	Prune bool
	// NullablePointer keeps optional nullable properties as *T, where
	// absent and null are the same (nullable: pointer), instead of
	// Nullable[T].
	NullablePointer bool
}

type builder struct {
	doc          *load.Document
	cfg          Config
	api          *API
	ns           *namespace
	components   map[string]*Type
	byValue      map[*openapi3.Schema]*Type
	enumByName   map[string]*Type
	types        []*Type
	untypedCount int
	unionOf      map[*Type]*Type // base struct → its union
	warnings     []diag.Warning
	methods      map[*Group]*namespace   // method names per group, exported and not
	formats      map[string]bool         // formats of the string and integer schemas modelled
	namesUsed    map[string]bool         // keys of cfg.Names that named something
	prims        map[string]TypeRef      // definitions that only rename a primitive
	secret       *Type                   // the type of secret strings, once one is seen
	warned       map[string]bool         // warnOnce's pointer and message pairs
	objectParams []objectParam           // query parameters of struct types
	bodySrc      map[*Body]sourceSchema  // where each request body's schema is written
	paramSrc     map[*Param]sourceSchema // and each parameter's
	argNames     *namespace              // what no argument is named: cfg.Locals and cfg.Reserved (see within)
	handlers     *namespace              // the handler types' members: handler methods and cfg.HandlerReserved
	chainEnds    map[string]string       // chainEnd's answers
	depth        int                     // nesting of the inline schema being converted
	err          error                   // the first error of a conversion (fail)
}

// Build turns a loaded definition into the model, in passes whose order
// matters (each names the file it lives in). cfg must have passed
// CheckConfig.
func Build(doc *load.Document, cfg Config) (*API, []diag.Warning, error) {
	b := &builder{
		doc:        doc,
		cfg:        cfg,
		api:        &API{Package: cfg.Package},
		ns:         newNamespace(cfg.Reserved...),
		handlers:   newNamespace(cfg.HandlerReserved...),
		components: map[string]*Type{},
		byValue:    map[*openapi3.Schema]*Type{},
		enumByName: map[string]*Type{},
		methods:    map[*Group]*namespace{},
		unionOf:    map[*Type]*Type{},
		formats:    map[string]bool{},
		namesUsed:  map[string]bool{},
		prims:      map[string]TypeRef{},
		warned:     map[string]bool{},
		bodySrc:    map[*Body]sourceSchema{},
		paramSrc:   map[*Param]sourceSchema{},
		argNames:   newNamespace(slices.Concat(cfg.Locals, cfg.Reserved)...),
	}
	t := doc.T
	if t.Info != nil {
		b.api.Title, b.api.Doc, b.api.Version = t.Info.Title, t.Info.Description, t.Info.Version
		b.api.License = license(t.Info.License)
	}
	ops, err := b.collectOperations() // operations.go
	if err != nil {
		return nil, nil, err
	}
	b.unsupported31()
	b.declareGroups(ops)                         // operations.go: operations' names first
	b.declareComponents()                        // schema.go: then the definitions'
	if err := b.checkInheritance(); err != nil { // schema.go
		return nil, nil, err
	}
	b.declareUnions()    // union.go
	b.defineComponents() // schema.go
	for _, o := range ops {
		if err := b.buildOperation(o); err != nil { // operations.go
			return nil, nil, err
		}
	}
	if b.err != nil {
		return nil, nil, b.err
	}
	b.finishGroups(ops)
	b.finishUnions()     // union.go
	breakCycles(b.types) // cycles.go
	b.unusedFormats()    // config.go
	b.unusedNames()      // membernames.go
	b.markHolders()      // holders.go
	b.markErrors()       // errormodel.go
	b.api.ErrorModel = b.errorModel()
	if !b.cfg.NullablePointer {
		b.markNullables() // nullable.go
	}
	b.finishObjectParams()        // encoding.go: once the types are final (Nullable)
	b.requestSchemas()            // validationbuild.go: once the parameters' are too
	b.api.Endpoint = b.endpoint() // service.go
	b.api.RequestID = b.requestIDHeader()
	b.api.Scopes = b.scopes()
	b.attachExamples(ops) // examples.go
	sort.Slice(b.types, func(i, j int) bool { return b.types[i].Name < b.types[j].Name })
	b.api.Types = b.types
	b.deriveNames() // names.go: the unexported names the emitter declares for them
	b.api.Names = b.ns.claimed(b.cfg.Reserved)
	b.api.Untyped = b.untypedCount
	if b.cfg.Prune {
		Prune(b.api) // prune.go
	}
	MarkCodecs(b.api.Types, b.cfg.AllCodecs) // codec.go
	return b.api, b.warnings, nil
}

func (b *builder) warnf(ptr, format string, args ...any) {
	b.warnings = append(b.warnings, diag.Warning{File: b.doc.File, Pointer: ptr, Msg: fmt.Sprintf(format, args...)})
}

// warnOnce is warnf for a schema that may be converted more than once.
func (b *builder) warnOnce(ptr, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !b.warned[ptr+"\x00"+msg] {
		b.warned[ptr+"\x00"+msg] = true
		b.warnf(ptr, "%s", msg)
	}
}

// unsupported31 warns about OpenAPI 3.1 parts oasgen reads differently.
func (b *builder) unsupported31() {
	t := b.doc.T
	if d := t.JSONSchemaDialect; d != "" && d != "https://spec.openapis.org/oas/3.1/dialect/base" {
		b.warnf("#/jsonSchemaDialect", "schema dialect %s is read as OpenAPI 3.1's default dialect", d)
	}
}
