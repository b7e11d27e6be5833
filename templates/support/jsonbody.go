package support

import (
	"encoding/json"
	"errors"
	"reflect"
)

// What client and server need of JSON whichever mode generated the
// package. json.go, the reflection-free codecs, is copied only into
// packages that have a type with generated codecs; this file always is.

// jsonReader reads JSON from a byte slice for the generated decoders. It
// never panics: every method checks bounds and reports malformed input as
// a *jsonError. Its methods are in json.go; the type is here so that
// jsonDecodeBody can hand a body to a generated decoder in any package.
type jsonReader struct {
	data   []byte
	pos    int
	depth  int
	strict bool          // unknown object members are errors (closed schemas)
	buf    []byte        // scratch for unescaped strings
	budget *decodeBudget // what decoding may still allocate; nil: no bound
	own    decodeBudget  // the budget of a body, which budget points to
}

// jsonDecoder is what generated types implement, and jsonDecodeFunc, which
// generated code passes for a body of a type with generated codecs.
type jsonDecoder interface {
	decodeJSON(r *jsonReader) error
}

// jsonDecodeBody decodes a body with v's generated decoder, within b,
// rejecting unknown members at any depth if strict; handled is false for a
// value without one, which the caller decodes with encoding/json (after
// estimateBody).
func jsonDecodeBody(data []byte, v any, strict bool, b *decodeBudget) (handled bool, err error) {
	d, ok := v.(jsonDecoder)
	if !ok {
		return false, nil
	}
	r := jsonReader{data: data, strict: strict}
	if b != nil { // a copy, so that b can stay on the caller's stack
		r.own = *b
		r.budget = &r.own
	}
	err = d.decodeJSON(&r)
	if b != nil {
		b.left = r.own.left
	}
	if err != nil {
		return true, err
	}
	for _, c := range data[r.pos:] {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return true, errors.New("unexpected data after the JSON value")
		}
	}
	return true, nil
}

// estimateBody charges b with what encoding/json would allocate decoding
// data into v, failing when that is more than b allows.
func estimateBody(data []byte, v any, b *decodeBudget) error {
	t := reflect.TypeOf(v)
	if b == nil || t == nil || t.Kind() != reflect.Pointer {
		return nil // encoding/json refuses what is not a pointer
	}
	return estimateJSON(data, t.Elem(), b, false)
}

// marshalJSON calls a generated or table encoder directly: encoding/json
// would re-scan and compact its output, costing more than the encoding
// itself.
func marshalJSON(v any) ([]byte, error) {
	if m, ok := v.(json.Marshaler); ok {
		return m.MarshalJSON()
	}
	if b, err, ok := encodeTable(v); ok {
		return b, err
	}
	return json.Marshal(v)
}

// unmarshalJSON decodes data into v within b (nil: no bound), calling a
// generated or table decoder directly, for the same reason. For the table
// decoder, estimateBody first charges b with what encoding/json would
// allocate (so that a bomb is refused before anything is allocated), and
// the decoder is then held to what b had before, counting what it
// really allocates.
func unmarshalJSON(data []byte, v any, b *decodeBudget) error {
	if handled, err := jsonDecodeBody(data, v, false, b); handled {
		return err
	}
	var before *decodeBudget
	if b != nil {
		c := *b
		before = &c
	}
	if err := estimateBody(data, v, b); err != nil {
		return err
	}
	if handled, err := decodeTable(data, v, false, before); handled {
		return err
	}
	return json.Unmarshal(data, v)
}
