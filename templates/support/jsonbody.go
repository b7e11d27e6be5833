package support

import "encoding/json"

// What client and server need of JSON whichever mode generated the
// package. json.go, the reflection-free codecs, is copied only into
// packages that have a type with generated codecs; this file always is.

// jsonBodyDecoder is a body decoder the generated code passes for a type
// with generated codecs (a jsonDecodeFunc, in json.go).
type jsonBodyDecoder interface {
	decodeBody(data []byte, strict bool) error
}

// jsonDecodeBody decodes a request body with v when v is a
// jsonBodyDecoder; handled is false for other values, which the caller
// decodes with encoding/json.
func jsonDecodeBody(data []byte, v any, strict bool) (handled bool, err error) {
	d, ok := v.(jsonBodyDecoder)
	if !ok {
		return false, nil
	}
	return true, d.decodeBody(data, strict)
}

// marshalJSON calls a generated encoder directly: encoding/json would
// re-scan and compact its output, costing more than the encoding itself.
func marshalJSON(v any) ([]byte, error) {
	if m, ok := v.(json.Marshaler); ok {
		return m.MarshalJSON()
	}
	return json.Marshal(v)
}

// unmarshalJSON calls a generated decoder directly, for the same reason.
func unmarshalJSON(data []byte, v any) error {
	if d, ok := v.(jsonBodyDecoder); ok {
		return d.decodeBody(data, false)
	}
	return json.Unmarshal(data, v)
}
