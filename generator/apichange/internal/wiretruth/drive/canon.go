package drive

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A value as both versions can be compared on: what it means, not how
// one version's Go types hold it. Objects are *object (keys are JSON
// property names; a struct's keys know their JSON pointers), arrays
// []any, numbers *big.Rat, times time.Time, bytes []byte; strings,
// booleans and null (nil) stay as they are. An absent property is no
// key; one that is absent but has a default is that default, since that
// is what the receiver takes it for.
type object struct {
	typ  string // the Go type of a struct, "" for a map
	keys map[string]any
	ptrs map[string]string // JSON pointer of each struct property
	vals map[string]string // the model type each struct property holds
}

// canon reads values of one package.
type canon struct {
	side  *Side
	types map[string]reflect.Type
}

// value is v's meaning; ok is false when v holds nothing (a nil pointer,
// slice, map or interface, an unset Nullable).
func (c canon) value(v reflect.Value) (any, bool) {
	if !v.IsValid() {
		return nil, false
	}
	t := v.Type()
	switch {
	case t == timeType:
		return v.Interface().(time.Time).UTC(), true
	case isNullable(t):
		if !v.MethodByName("IsSet").Call(nil)[0].Bool() {
			return nil, false
		}
		if v.MethodByName("IsNull").Call(nil)[0].Bool() {
			return nil, true
		}
		return c.value(v.MethodByName("Get").Call(nil)[0])
	case t == rawType:
		if v.Len() == 0 {
			return nil, false
		}
		return parseJSON(v.Bytes()), true
	case t.Kind() == reflect.Array && t.Name() == "UUID":
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return s.String(), true
		}
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		if r, ok := v.Interface().(io.Reader); ok && c.side.Types[v.Elem().Type().Name()] == nil {
			b, _ := io.ReadAll(r)
			// The reader was drained: put the bytes back for whoever
			// reads it next.
			if v.CanSet() {
				if t == readCloserType {
					v.Set(reflect.ValueOf(io.NopCloser(bytes.NewReader(b))))
				} else {
					v.Set(reflect.ValueOf(io.Reader(bytes.NewReader(b))))
				}
			}
			return b, true
		}
		return c.value(v.Elem())
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return new(big.Rat).SetInt64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return new(big.Rat).SetUint64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		r, ok := new(big.Rat).SetString(strconv.FormatFloat(v.Float(), 'g', -1, t.Bits()))
		if !ok {
			return strconv.FormatFloat(v.Float(), 'g', -1, t.Bits()), true
		}
		return r, true
	case reflect.Slice:
		if v.IsNil() {
			return nil, false
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return append([]byte(nil), v.Bytes()...), true
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i], _ = c.value(v.Index(i))
		}
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return nil, false
		}
		o := &object{keys: map[string]any{}}
		for _, k := range v.MapKeys() {
			if x, ok := c.value(v.MapIndex(k)); ok {
				o.keys[fmt.Sprint(k.Interface())] = x
			}
		}
		return o, true
	case reflect.Struct:
		return c.structValue(v), true
	}
	return fmt.Sprint(v.Interface()), true
}

func (c canon) structValue(v reflect.Value) *object {
	t := v.Type()
	o := &object{typ: t.Name(), keys: map[string]any{}, ptrs: map[string]string{}, vals: map[string]string{}}
	mt := c.side.Types[t.Name()]
	if rt, ok := c.types[t.Name()]; !ok || rt != t || mt == nil || mt.Kind != "struct" {
		// not a model type: its exported fields, by their JSON names
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if x, ok := c.value(v.Field(i)); ok {
				o.keys[name] = x
			}
		}
		return o
	}
	for _, f := range mt.Fields {
		o.ptrs[f.JSON], o.vals[f.JSON] = f.Pointer, f.Type
		fv := v.FieldByName(f.Go)
		x, ok := c.value(fv)
		if ok && !f.Required && empty(x) {
			ok = false // an empty optional array or object is left out
		}
		if !ok && f.Default != nil {
			x, ok = defaultValue(f.Default), true
		}
		if ok {
			o.keys[f.JSON] = x
		}
	}
	return o
}

func empty(x any) bool {
	switch x := x.(type) {
	case []any:
		return len(x) == 0
	case *object:
		return len(x.keys) == 0 && x.typ == ""
	}
	return false
}

// defaultValue is a default as the plan holds it (JSON), as a value.
func defaultValue(d any) any {
	switch d := d.(type) {
	case float64:
		r, _ := new(big.Rat).SetString(strconv.FormatFloat(d, 'g', -1, 64))
		return r
	case json.Number:
		r, _ := new(big.Rat).SetString(d.String())
		return r
	case map[string]any:
		o := &object{keys: map[string]any{}}
		for k, v := range d {
			o.keys[k] = defaultValue(v)
		}
		return o
	case []any:
		out := make([]any, len(d))
		for i, v := range d {
			out[i] = defaultValue(v)
		}
		return out
	}
	return d
}

// parseJSON is a JSON document as a value.
func parseJSON(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return string(b)
	}
	return fromJSON(x)
}

func fromJSON(x any) any {
	switch x := x.(type) {
	case json.Number:
		return defaultValue(x)
	case map[string]any:
		o := &object{keys: map[string]any{}}
		for k, v := range x {
			o.keys[k] = fromJSON(v)
		}
		return o
	case []any:
		for i := range x {
			x[i] = fromJSON(x[i])
		}
	}
	return x
}

// Diff is a difference between what one side sent and what the other
// read.
type Diff struct {
	Path string `json:"path"`
	// Kind: misread (both have the key, the values differ), dropped (the
	// receiver does not have what was sent) or appeared (the receiver
	// has what was not sent).
	Kind string `json:"kind"`
	Sent string `json:"sent,omitempty"`
	Got  string `json:"got,omitempty"`
	// SentPointer and GotPointer are the JSON pointers of the property in
	// the sender's and the receiver's definitions; SentType and GotType
	// the Go types that hold it.
	SentPointer string `json:"sentPointer,omitempty"`
	GotPointer  string `json:"gotPointer,omitempty"`
	SentType    string `json:"sentType,omitempty"`
	GotType     string `json:"gotType,omitempty"`
	// SentValue and GotValue are the model types the property holds.
	SentValue string `json:"sentValue,omitempty"`
	GotValue  string `json:"gotValue,omitempty"`
}

// compare appends the differences between sent and got under path.
func compare(path string, sent, got any, out *[]Diff) {
	so, sok := sent.(*object)
	gobj, gok := got.(*object)
	if sok && gok {
		keys := map[string]bool{}
		for k := range so.keys {
			keys[k] = true
		}
		for k := range gobj.keys {
			keys[k] = true
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			s, sin := so.keys[k]
			g, gin := gobj.keys[k]
			d := Diff{Path: join(path, k), SentPointer: so.ptrs[k], GotPointer: gobj.ptrs[k], SentType: so.typ, GotType: gobj.typ, SentValue: so.vals[k], GotValue: gobj.vals[k]}
			switch {
			case sin && gin:
				n := len(*out)
				compare(d.Path, s, g, out)
				for i := n; i < len(*out); i++ { // the innermost struct's names
					x := &(*out)[i]
					if x.SentType == "" && x.GotType == "" {
						x.SentPointer, x.GotPointer, x.SentType, x.GotType, x.SentValue, x.GotValue = d.SentPointer, d.GotPointer, d.SentType, d.GotType, d.SentValue, d.GotValue
					}
				}
			case sin && s != nil: // null and absent read alike
				d.Kind, d.Sent = "dropped", show(s)
				*out = append(*out, d)
			case gin && g != nil:
				d.Kind, d.Got = "appeared", show(g)
				*out = append(*out, d)
			}
		}
		return
	}
	sa, sok := sent.([]any)
	ga, gok := got.([]any)
	// A single value and a list of it read alike (a parameter that
	// became a list of one key per item).
	switch {
	case sok && !gok && len(sa) == 1:
		sent, sok = sa[0], false
	case gok && !sok && len(ga) == 1:
		got, gok = ga[0], false
	}
	if sok && gok {
		if len(sa) != len(ga) {
			*out = append(*out, Diff{Path: path, Kind: "misread", Sent: fmt.Sprintf("%d items", len(sa)), Got: fmt.Sprintf("%d items", len(ga))})
			return
		}
		for i := range sa {
			compare(path+"["+strconv.Itoa(i)+"]", sa[i], ga[i], out)
		}
		return
	}
	if !same(sent, got) {
		*out = append(*out, Diff{Path: path, Kind: "misread", Sent: show(sent), Got: show(got)})
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// same reports whether two leaves mean the same: a number and the string
// that writes it, a time and a string of the same instant, bytes and
// their base64, are the same.
func same(a, b any) bool {
	if an, ok := number(a); ok {
		bn, ok := number(b)
		return ok && an.Cmp(bn) == 0
	}
	if at, ok := instant(a); ok {
		bt, ok := instant(b)
		return ok && at.Equal(bt)
	}
	if ab, ok := a.([]byte); ok {
		return bytesMatch(ab, b)
	}
	if bb, ok := b.([]byte); ok {
		return bytesMatch(bb, a)
	}
	return reflect.DeepEqual(a, b)
}

func number(x any) (*big.Rat, bool) {
	switch x := x.(type) {
	case *big.Rat:
		return x, true
	case string:
		if x == "" || strings.ContainsAny(x, " \t") {
			return nil, false
		}
		return new(big.Rat).SetString(x)
	}
	return nil, false
}

var timeLayouts = []string{time.RFC3339Nano, time.RFC1123, time.RFC1123Z, time.DateOnly}

func instant(x any) (time.Time, bool) {
	switch x := x.(type) {
	case time.Time:
		return x, true
	case string:
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func bytesMatch(b []byte, x any) bool {
	switch x := x.(type) {
	case []byte:
		return bytes.Equal(b, x)
	case string:
		return base64.StdEncoding.EncodeToString(b) == x || string(b) == x
	}
	return false
}

// show writes a value for a message, shortened.
func show(x any) string {
	var s string
	switch x := x.(type) {
	case nil:
		s = "null"
	case *big.Rat:
		s = x.RatString()
	case time.Time:
		s = x.Format(time.RFC3339)
	case []byte:
		s = "bytes " + base64.StdEncoding.EncodeToString(x)
	case string:
		s = strconv.Quote(x)
	case *object:
		keys := make([]string, 0, len(x.keys))
		for k := range x.keys {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s = "{" + strings.Join(keys, ",") + "}"
		if x.typ != "" {
			s = x.typ + s
		}
	case []any:
		s = fmt.Sprintf("[%d items]", len(x))
	default:
		s = fmt.Sprint(x)
	}
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}
