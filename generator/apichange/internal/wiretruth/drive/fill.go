package drive

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"time"
)

// A round decides how values are chosen: every optional property set
// with ordinary values, every one set at its upper bounds or at its
// lower bounds, only the required ones (at their lower bounds), or
// nullable ones as null. Enum
// values and union kinds are taken in turn, round after round, so that
// a pair run for as many rounds as its largest enum has values sends
// every value.
type mode int

const (
	typical mode = iota
	upper
	lower
	minimal
	nulls
)

func modeOf(round int) mode {
	switch round {
	case 1:
		return upper
	case 2:
		return lower
	case 3:
		return minimal
	case 4:
		return nulls
	}
	return typical
}

// direction is which way a value travels: a client's request leaves out
// read-only properties (the service sets them), a server's response
// leaves out write-only ones.
type direction int

const (
	toServer direction = iota
	toClient
)

// filler makes values of one package's types.
type filler struct {
	side  *Side
	types map[string]reflect.Type
	rnd   *rand.Rand
	round int
	mode  mode
	dir   direction
}

func newFiller(side *Side, pkg Package, seed uint64, round int, dir direction) *filler {
	return &filler{side: side, types: pkg.Types, rnd: rand.New(rand.NewPCG(seed, uint64(round))), round: round, mode: modeOf(round), dir: dir}
}

// modelType is the plan's type for a Go type of the package, nil for any
// other.
func (f *filler) modelType(t reflect.Type) *Type {
	if t.Name() == "" {
		return nil
	}
	if rt, ok := f.types[t.Name()]; !ok || rt != t {
		return nil
	}
	return f.side.Types[t.Name()]
}

// fill sets v, which is settable, to a value its schema allows.
func (f *filler) fill(v reflect.Value, val *Value, depth int) {
	t := v.Type()
	if mt := f.modelType(t); mt != nil {
		switch mt.Kind {
		case "struct":
			f.fillStruct(v, mt, depth)
			return
		case "enum":
			if len(mt.Enum) > 0 {
				setJSON(v, mt.Enum[(f.round+depth)%len(mt.Enum)])
				return
			}
		case "union":
			f.fillUnion(v, mt, depth)
			return
		case "alias":
			if mt.Value != nil {
				val = mt.Value
			}
		}
	}
	switch {
	case t == timeType:
		v.Set(reflect.ValueOf(f.time(val)))
		return
	case isNullable(t):
		inner := reflect.New(nullableElem(v)).Elem()
		f.fill(inner, val, depth)
		v.Addr().MethodByName("Set").Call([]reflect.Value{inner})
		return
	case t == rawType:
		v.SetBytes([]byte(`{"wire":"truth","n":[1,2]}`))
		return
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		// any value: an object, a string, a number, an array in turn
		anys := []any{map[string]any{"wire": "truth", "n": 7.0}, "wire truth", 7.5, []any{"wire", 1.0}}
		v.Set(reflect.ValueOf(anys[f.round%len(anys)]))
		return
	case t == readerType || t == readCloserType:
		b := f.bytes(val)
		if t == readCloserType {
			v.Set(reflect.ValueOf(io.NopCloser(bytes.NewReader(b))))
		} else {
			v.Set(reflect.ValueOf(io.Reader(bytes.NewReader(b))))
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), val, depth)
		v.Set(p)
	case reflect.String:
		v.SetString(f.str(val))
	case reflect.Bool:
		v.SetBool(f.mode != minimal)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.integer(val, t.Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.integer(val, t.Bits())))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f.float(val, t.Bits()))
	case reflect.Array: // UUID
		for i := range v.Len() {
			v.Index(i).Set(reflect.ValueOf(uint8(f.rnd.IntN(256))).Convert(t.Elem()))
		}
		if t.Len() == 16 {
			v.Index(6).SetUint(v.Index(6).Uint()&0x0f | 0x40)
			v.Index(8).SetUint(v.Index(8).Uint()&0x3f | 0x80)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			v.SetBytes(f.bytes(val))
			return
		}
		f.fillSlice(v, val, depth)
	case reflect.Map:
		m := reflect.MakeMap(t)
		n := 2
		if f.mode == minimal || depth > 3 {
			n = 1
		}
		for i := range n {
			e := reflect.New(t.Elem()).Elem()
			f.fill(e, elemOf(val), depth+1)
			k := reflect.New(t.Key()).Elem()
			k.SetString("key" + string(rune('a'+i)))
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				f.fill(v.Field(i), nil, depth+1)
			}
		}
	}
}

// fillSlice makes a few items; an enum's items are all its values, a
// union's one of each kind.
func (f *filler) fillSlice(v reflect.Value, val *Value, depth int) {
	t := v.Type()
	n := 2
	switch {
	case f.mode == upper:
		n = 3
	case f.mode == minimal || depth > 3:
		n = 1
	}
	if mt := f.modelType(t.Elem()); mt != nil {
		switch {
		case mt.Kind == "enum" && len(mt.Enum) > 0:
			s := reflect.MakeSlice(t, len(mt.Enum), len(mt.Enum))
			for i, e := range mt.Enum {
				setJSON(s.Index(i), e)
			}
			v.Set(s)
			return
		case mt.Kind == "union" && len(mt.Variants) > 0 && depth <= 3:
			s := reflect.MakeSlice(t, len(mt.Variants), len(mt.Variants))
			for i := range mt.Variants {
				f.fillVariant(s.Index(i), mt, i, depth+1)
			}
			v.Set(s)
			return
		}
	}
	if val != nil {
		n = max(n, val.MinItems)
		if val.MaxItems >= 0 {
			n = min(n, val.MaxItems)
		}
	}
	s := reflect.MakeSlice(t, n, n)
	for i := range n {
		f.fill(s.Index(i), elemOf(val), depth+1)
	}
	v.Set(s)
}

func (f *filler) fillStruct(v reflect.Value, mt *Type, depth int) {
	for _, fl := range mt.Fields {
		fv := v.FieldByName(fl.Go)
		if !fv.IsValid() || !fv.CanSet() {
			continue
		}
		if f.dir == toServer && fl.ReadOnly || f.dir == toClient && fl.WriteOnly {
			continue
		}
		if !fl.Required && (f.mode == minimal || depth > 4) {
			continue
		}
		if depth > 8 {
			continue
		}
		if f.mode == nulls && fl.Nullable {
			switch {
			case !fl.Required && isNullable(fv.Type()):
				fv.Addr().MethodByName("SetNull").Call(nil)
				continue
			case fl.Required && fv.Kind() == reflect.Pointer:
				continue // nil: a required property is written as null
			}
		}
		f.fill(fv, fl.Value, depth+1)
	}
	if mt.Tag != nil && mt.Tag.Field != "" {
		if fv := v.FieldByName(mt.Tag.Field); fv.IsValid() && fv.Kind() == reflect.String {
			fv.SetString(mt.Tag.Value)
		}
	}
}

func (f *filler) fillUnion(v reflect.Value, mt *Type, depth int) {
	if len(mt.Variants) == 0 {
		return
	}
	f.fillVariant(v, mt, (f.round+depth)%len(mt.Variants), depth)
}

// fillVariant sets v, a union, to kind i.
func (f *filler) fillVariant(v reflect.Value, mt *Type, i, depth int) {
	k := mt.Variants[i]
	rt, ok := f.types[k.Type]
	if !ok {
		return
	}
	p := reflect.New(rt)
	f.fill(p.Elem(), nil, depth)
	field := k.Field
	if kt := f.side.Types[k.Type]; field == "" && kt != nil {
		for _, fl := range kt.Fields {
			if fl.JSON == mt.Property {
				field = fl.Go
			}
		}
	}
	if field != "" {
		if fv := p.Elem().FieldByName(field); fv.IsValid() && fv.Kind() == reflect.String {
			fv.SetString(k.Value)
		}
	}
	if p.Type().AssignableTo(v.Type()) {
		v.Set(p)
	}
}

// setJSON sets v to a value the plan holds as JSON (a string or a
// number), converted to v's type.
func setJSON(v reflect.Value, x any) {
	switch x := x.(type) {
	case string:
		if v.Kind() == reflect.String {
			v.SetString(x)
		}
	case float64:
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(int64(x))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(uint64(x))
		case reflect.Float32, reflect.Float64:
			v.SetFloat(x)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			setJSON(v, float64(n))
		} else if g, err := x.Float64(); err == nil {
			setJSON(v, g)
		}
	}
}

func elemOf(val *Value) *Value {
	if val == nil {
		return nil
	}
	return val.Elem
}

// str is a string within the value's lengths that matches its pattern;
// an x-extensible-enum's values are taken in turn.
func (f *filler) str(val *Value) string {
	minLen, maxLen := 0, -1
	if val != nil {
		minLen, maxLen = val.MinLength, val.MaxLength
		if len(val.Extensible) > 0 {
			return val.Extensible[f.round%len(val.Extensible)]
		}
		if s, ok := f.formatted(val.Format); ok {
			return s
		}
		if val.Pattern != "" {
			if s, ok := fromPattern(val.Pattern, f.rnd, minLen, maxLen, f.mode == upper); ok {
				return s
			}
		}
	}
	n := 12
	switch f.mode {
	case upper:
		n = 48
		if maxLen >= 0 {
			n = maxLen
		}
	case minimal, lower:
		n = minLen
		if n == 0 {
			n = 1
		}
	}
	n = max(n, minLen)
	if maxLen >= 0 {
		n = min(n, maxLen)
	}
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. "
	var b strings.Builder
	for i := range n {
		c := letters[f.rnd.IntN(len(letters))]
		if c == ' ' && (i == 0 || i == n-1) {
			c = 'w'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// formatted is a value of a string format the server checks, different
// from round to round; false for a format it does not know (any string
// passes those).
func (f *filler) formatted(format string) (string, bool) {
	r := f.round + f.rnd.IntN(7)
	switch format {
	case "duration":
		return []string{"PT1H30M", "P1DT2H", "PT45S", "P3D", "PT30M", "P1W", "PT10M"}[r%7], true
	case "date":
		return f.time(nil).Format(time.DateOnly), true
	case "date-time":
		return f.time(nil).Format(time.RFC3339), true
	case "time":
		return f.time(nil).Format("15:04:05Z"), true
	case "email":
		return fmt.Sprintf("user%d@example.com", r), true
	case "hostname":
		return fmt.Sprintf("host%d.example.com", r), true
	case "ipv4":
		return fmt.Sprintf("192.0.2.%d", 1+r), true
	case "ipv6":
		return fmt.Sprintf("2001:db8::%x", 1+r), true
	case "uri", "iri":
		return fmt.Sprintf("https://example.com/wire/%d?truth=1", r), true
	case "uri-reference", "iri-reference":
		return fmt.Sprintf("/wire/%d", r), true
	case "uri-template":
		return "https://example.com/{wire}/truth", true
	case "uuid":
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", r, f.rnd.Int64N(1<<40)), true
	case "json-pointer":
		return fmt.Sprintf("/wire/%d", r), true
	case "relative-json-pointer":
		return fmt.Sprintf("%d/wire", r), true
	case "byte":
		return base64.StdEncoding.EncodeToString(f.bytes(nil)), true
	}
	return "", false
}

func (f *filler) bytes(val *Value) []byte {
	n := 9
	switch f.mode {
	case upper:
		n = 40
	case minimal, lower:
		n = 1
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(f.rnd.IntN(256))
	}
	return b
}

// integer is an ordinary value, the upper or the lower bound (the
// schema's, else the Go type's).
func (f *filler) integer(val *Value, bits int) int64 {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits < 64 {
		lo, hi = -1<<(bits-1), 1<<(bits-1)-1
	}
	if val != nil {
		if val.Min != nil && *val.Min > float64(lo) {
			lo = int64(math.Ceil(*val.Min))
			if val.ExclusiveMin && float64(lo) == *val.Min {
				lo++
			}
		}
		if val.Max != nil && *val.Max < float64(hi) {
			hi = int64(math.Floor(*val.Max))
			if val.ExclusiveMax && float64(hi) == *val.Max {
				hi--
			}
		}
	}
	switch f.mode {
	case upper:
		return hi
	case minimal, lower:
		return lo
	}
	v := int64(7 + f.round)
	if v < lo || v > hi {
		v = lo + (hi-lo)/2
	}
	return v
}

func (f *filler) float(val *Value, bits int) float64 {
	hi := math.MaxFloat64
	if bits == 32 {
		hi = math.MaxFloat32
	}
	lo := -hi
	if val != nil {
		if val.Min != nil {
			lo = *val.Min
			if val.ExclusiveMin {
				lo = math.Nextafter(lo, math.Inf(1))
			}
		}
		if val.Max != nil {
			hi = *val.Max
			if val.ExclusiveMax {
				hi = math.Nextafter(hi, math.Inf(-1))
			}
		}
	}
	v := 2.5 + float64(f.round)
	switch f.mode {
	case upper:
		v = hi
	case minimal, lower:
		v = lo
	}
	if v < lo || v > hi {
		v = lo/2 + hi/2
	}
	if bits == 32 {
		v = float64(float32(v))
	}
	return v
}

// time is a time every format writes exactly: whole seconds, in UTC,
// and midnight for a date.
func (f *filler) time(val *Value) time.Time {
	t := time.Date(2020+f.rnd.IntN(10), time.Month(1+f.rnd.IntN(12)), 1+f.rnd.IntN(28), f.rnd.IntN(24), f.rnd.IntN(60), f.rnd.IntN(60), 0, time.UTC)
	if val != nil && val.Format == "date" {
		t = t.Truncate(24 * time.Hour)
	}
	return t
}

var (
	timeType       = reflect.TypeFor[time.Time]()
	rawType        = reflect.TypeFor[json.RawMessage]()
	readerType     = reflect.TypeFor[io.Reader]()
	readCloserType = reflect.TypeFor[io.ReadCloser]()
)

// isNullable reports whether t is the support code's Nullable[T].
func isNullable(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Nullable[")
}

// nullableElem is the T of a Nullable[T] value, read from its Get method.
func nullableElem(v reflect.Value) reflect.Type {
	return v.MethodByName("Get").Type().Out(0)
}
