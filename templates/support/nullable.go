package support

import (
	"bytes"
	"encoding/json"
)

// Nullable is an optional property whose schema allows null: it is
// absent, null or a value, and the three travel apart. A JSON merge patch
// (RFC 7396) needs all three: absent leaves the property alone, null
// clears it, a value sets it. The zero value is absent, so a struct
// literal that does not name the field leaves it out.
//
// Only optional nullable properties get it (nullable: pointer in the
// config turns it off); required or non-nullable ones stay *T or T.
type Nullable[T any] struct {
	value T
	set   bool // present in the JSON, as a value or as null
	null  bool // present as null
}

// NewNullable returns a Nullable holding v. Its JSON is v's, as
// encoding/json writes it: a nil slice or map is written as null.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{value: v, set: true} }

// Null returns an explicit null.
func Null[T any]() Nullable[T] { return Nullable[T]{set: true, null: true} }

// IsSet reports whether the property is present: a value or null.
func (n Nullable[T]) IsSet() bool { return n.set }

// IsNull reports whether the property is present as null.
func (n Nullable[T]) IsNull() bool { return n.null }

// Get returns the value and true, or the zero value and false when the
// property is absent or null.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.set && !n.null }

// Ptr returns a pointer to a copy of the value, or nil when the property
// is absent or null: the shape nullable: pointer gives the field.
func (n Nullable[T]) Ptr() *T {
	if !n.set || n.null {
		return nil
	}
	v := n.value
	return &v
}

// Set makes the property a value.
func (n *Nullable[T]) Set(v T) { *n = NewNullable(v) }

// SetNull makes the property an explicit null.
func (n *Nullable[T]) SetNull() { *n = Null[T]() }

// Unset makes the property absent.
func (n *Nullable[T]) Unset() { *n = Nullable[T]{} }

// fill marks the property as a value and returns where to decode it.
func (n *Nullable[T]) fill() *T {
	n.set, n.null = true, false
	return &n.value
}

// MarshalJSON writes null when the property is null or absent (a struct
// holding a Nullable leaves an absent one out; alone, null is the only
// JSON it can be), else the value as encoding/json writes it.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.set || n.null {
		return []byte("null"), nil
	}
	return json.Marshal(&n.value) // a pointer, so that pointer-receiver marshalers apply
}

// UnmarshalJSON reads null or a value; encoding/json leaves a property
// that is not in the object alone, so it stays absent.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		n.SetNull()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	n.Set(v)
	return nil
}
