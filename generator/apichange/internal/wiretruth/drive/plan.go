// Package drive is the run-time half of the wire-truth harness: it is
// copied, as it is, into the throwaway module where the harness builds
// the old and the new generated packages of a definition pair, and it
// drives every operation the two have in common through the generated
// client of one version against the generated server of the other, in
// process (HandlerTransport). Values come from the schemas (the Plan the
// harness writes from each version's model) and Go's reflection over the
// generated types; what each side sent, received and read is compared
// as values, key by key, and every difference is an Observation.
//
// It imports the standard library only: the throwaway module has no
// requirements and no network.
package drive

// Plan is what the harness knows of each pair's two packages, from their
// models: it is written as JSON by the harness and read by Main.
type Plan struct {
	Pairs []*PairPlan `json:"pairs"`
}

// PairPlan is one definition pair.
type PairPlan struct {
	Name     string `json:"name"`
	Old, New *Side
	// Ops are the operations present in both, as each names them (the
	// report pairs renamed ones).
	Ops []OpPair `json:"ops"`
	// Removed are old operations the new definition no longer has: an
	// old client calls them on the new server.
	Removed []string `json:"removed,omitempty"`
	// Streamed are the operations left out of Ops and Removed because
	// they carry a typed stream (an EventStream) in either version: the
	// driver makes and reads values by reflection and cannot make or
	// read a stream; the report's claims on them are Unprovable
	// ("stream").
	Streamed []string `json:"streamed,omitempty"`
	Rounds   int      `json:"rounds"`
}

// OpPair is an operation under its old and its new name (Group.Method).
type OpPair struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// Side is one version's package.
type Side struct {
	Package    string           `json:"package"` // its key in the registry Main is given
	APIVersion string           `json:"apiVersion,omitempty"`
	Types      map[string]*Type `json:"types"` // by Go name
	Ops        map[string]*Op   `json:"ops"`   // by Group.Method
}

// Type is a named model type.
type Type struct {
	Kind   string   `json:"kind"` // struct, enum, alias, union
	Fields []*Field `json:"fields,omitempty"`
	// Enum values (strings or numbers), and whether others are allowed.
	Enum []any `json:"enum,omitempty"`
	Open bool  `json:"open,omitempty"`
	// Union: the discriminator property, the base type for other kinds
	// (empty when none) and the kinds.
	Property string    `json:"property,omitempty"`
	Base     string    `json:"base,omitempty"`
	Variants []Variant `json:"variants,omitempty"`
	// Tag is, for a kind of a union, the discriminator property and value
	// its encoder always writes.
	Tag *Variant `json:"tag,omitempty"`
	// Value describes the underlying type of an alias.
	Value *Value `json:"value,omitempty"`
}

// Variant is one kind of a union.
type Variant struct {
	Value string `json:"value"`
	Type  string `json:"type"`
	Field string `json:"field,omitempty"` // the Go field holding the discriminator
}

// Field is a struct field.
type Field struct {
	Go       string `json:"go"`
	JSON     string `json:"json"`
	Pointer  string `json:"pointer"` // JSON pointer of the property in its definition
	Required bool   `json:"required,omitempty"`
	ReadOnly bool   `json:"readOnly,omitempty"`
	// WriteOnly: sent by clients, never in responses.
	WriteOnly bool   `json:"writeOnly,omitempty"`
	Nullable  bool   `json:"nullable,omitempty"`
	Default   any    `json:"default,omitempty"`
	Value     *Value `json:"value"`
	Type      string `json:"type,omitempty"` // the model type it holds (through arrays and maps)
}

// Value is what the schema says of a value beyond its Go type: its
// checks, a time's format, the values of an x-extensible-enum, and the
// same of its items (arrays, maps).
type Value struct {
	Min          *float64 `json:"min,omitempty"`
	Max          *float64 `json:"max,omitempty"`
	ExclusiveMin bool     `json:"exclusiveMin,omitempty"`
	ExclusiveMax bool     `json:"exclusiveMax,omitempty"`
	MinLength    int      `json:"minLength,omitempty"`
	MaxLength    int      `json:"maxLength"` // -1: none
	Pattern      string   `json:"pattern,omitempty"`
	// Format is a time's (date-time, date, date-time-rfc1123) or a
	// string's that the server checks (duration, email, uri, ...).
	Format     string   `json:"format,omitempty"`
	MinItems   int      `json:"minItems,omitempty"`
	MaxItems   int      `json:"maxItems"`             // -1: none
	Extensible []string `json:"extensible,omitempty"` // x-extensible-enum values
	Elem       *Value   `json:"elem,omitempty"`
}

// Op is an operation's signature as the wire sees it.
type Op struct {
	Pointer string `json:"pointer"`
	Method  string `json:"method"`
	// RequestID is the header the client fills with a fresh UUID when
	// the caller leaves it empty (lower case).
	RequestID string `json:"requestId,omitempty"`
	// Args are the arguments after the context: the required parameters,
	// then a required body.
	Args []*Param `json:"args"`
	// Options are the fields of the Options struct, by Go name.
	Options  map[string]*Param `json:"options,omitempty"`
	Response *Response         `json:"response"`
	Errors   []ErrorCase       `json:"errors,omitempty"`
}

// Param is a parameter or the body.
type Param struct {
	Key string `json:"key"` // "path 0", "query name", "header name" (lower case), "body"
	// Body: the request body; Stream: a raw one (io.Reader).
	Body bool `json:"body,omitempty"`
	// Select: an OData $select, by which the server writes only the
	// members it names; the harness leaves it out.
	Select   bool   `json:"select,omitempty"`
	Stream   bool   `json:"stream,omitempty"`
	Required bool   `json:"required,omitempty"`
	Default  any    `json:"default,omitempty"`
	Value    *Value `json:"value"`
	Type     string `json:"type,omitempty"` // the model type it holds (through arrays and maps)
}

// Response is the success response struct.
type Response struct {
	Statuses []int  `json:"statuses"`
	Body     string `json:"body,omitempty"` // the field holding the body (the type's name when embedded)
	Embed    bool   `json:"embed,omitempty"`
	Stream   bool   `json:"stream,omitempty"`
	// Headers maps each header field (Go name) to its header, lower case.
	Headers map[string]string `json:"headers,omitempty"`
	Value   *Value            `json:"value,omitempty"` // of the body
	Type    string            `json:"type,omitempty"`  // the body's model type
}

// ErrorCase is an error model an operation answers with: for a status,
// a class (4 for 4XX) or by default.
type ErrorCase struct {
	Status int    `json:"status,omitempty"`
	Class  int    `json:"class,omitempty"`
	Type   string `json:"type"`
}
