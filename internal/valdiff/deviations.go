package valdiff

import (
	"encoding/json"
	"math"
	"math/big"
	"regexp"
	"strings"
)

// The documented disagreements between oasgen's server and the oracle
// (README, "Request validation"): each is a decision, and each predicate
// recognises exactly that case.

// deviation names the documented disagreement v is, "" for none.
func (c *Checker) deviation(op *Operation, v Verdict, inst any) string {
	switch {
	case strings.TrimSpace(string(v.Body)) == "null":
		// A JSON null is no body at all (readBody): an optional body is
		// absent, a required one missing.
		if op.Required == (v.Status == 400) {
			return "null is no body"
		}
	case c.foldedName(inst):
		// encoding/json matches a member to a struct field in any case,
		// and the server checks the value the server method gets: "NAME"
		// is the property name, not another member. The server must then
		// judge as the oracle judges the body with the names folded.
		folded, ok := c.fold(inst)
		if !ok {
			return "member name in another case"
		}
		fv := v
		fv.OracleValid, fv.Oracle = true, ""
		if e := op.schema.Validate(folded); e != nil {
			fv.OracleValid, fv.Oracle = false, firstLine(e)
		}
		if fv.OracleValid == (v.Status != 400) {
			return "member name in another case"
		}
		// The folded body may still disagree as documented below.
		if d := c.deviation(op, fv, folded); d != "" {
			return "member name in another case; " + d
		}
	case !v.OracleValid && v.Status != 400 && v.Oracle == "not JSON":
		return ""
	case v.OracleValid && uriFormat.MatchString(v.Server),
		!v.OracleValid && v.Status != 400 && oracleURIFormat.MatchString(v.Oracle):
		// The URI formats by their RFCs (3986, 3987, 6570): the oracle
		// parses with net/url, which takes spaces and other characters
		// they exclude, and holds a template's literals to a path's rules.
		return "uri formats by their RFCs, not net/url"
	case v.OracleValid && strings.Contains(v.Server, "must be a valid email (format)") && anyString(inst, emailRFCOnly),
		!v.OracleValid && v.Status != 400 && strings.Contains(v.Oracle, "is not valid email") && anyString(inst, emailRFCOnly):
		// RFC 5321's local part: one or more atoms, or a quoted string
		// that may hold quoted pairs. The oracle takes an empty local
		// part ("@example.com") and refuses a backslash between quotes.
		return "email by RFC 5321"
	case v.OracleValid && strings.Contains(v.Server, "cannot unmarshal number") && integralNotation(inst):
		// A Go integer field: encoding/json (and the generated decoder)
		// refuse 1.0 and 1e2, which JSON Schema counts as integers.
		return "integer written with a fraction or exponent"
	case v.OracleValid && (strings.Contains(v.Server, "cannot unmarshal number") || strings.Contains(v.Server, "out of range")) && outOfRange(inst):
		// The Go type holds the value: int64 for an integer without a
		// format, float64 for a number, float32 for format float.
		return "number beyond its Go type's range"
	}
	return ""
}

var (
	uriFormat       = regexp.MustCompile(`must be a valid (uri|uri-reference|iri|iri-reference|uri-template) \(format\)`)
	oracleURIFormat = regexp.MustCompile(`is not valid (uri|uri-reference|iri|iri-reference|uri-template):`)
)

// anyLeaf reports whether v (decoded JSON) holds a value other than an
// object or array, at any depth, for which f is true.
func anyLeaf(v any, f func(any) bool) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if anyLeaf(e, f) {
				return true
			}
		}
		return false
	case []any:
		for _, e := range x {
			if anyLeaf(e, f) {
				return true
			}
		}
		return false
	}
	return f(v)
}

// anyNumber reports whether v holds a number for which f is true.
func anyNumber(v any, f func(text string, r *big.Rat) bool) bool {
	return anyLeaf(v, func(e any) bool {
		n, ok := e.(json.Number)
		if !ok {
			return false
		}
		r, ok := new(big.Rat).SetString(string(n))
		return ok && f(string(n), r)
	})
}

// anyString reports whether v holds a string for which f is true.
func anyString(v any, f func(string) bool) bool {
	return anyLeaf(v, func(e any) bool {
		s, ok := e.(string)
		return ok && f(s)
	})
}

// emailRFCOnly reports whether s is an address on which RFC 5321 and the
// oracle part: an empty local part, or a quoted one holding a backslash.
func emailRFCOnly(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return false
	}
	local := s[:at]
	return local == "" || len(local) > 1 && local[0] == '"' && local[len(local)-1] == '"' && strings.Contains(local, `\`)
}

// integralNotation reports whether v holds an integral number written
// with a fraction or an exponent.
func integralNotation(v any) bool {
	return anyNumber(v, func(text string, r *big.Rat) bool {
		return r.IsInt() && strings.ContainsAny(text, ".eE")
	})
}

// outOfRange reports whether v holds a number beyond int64 (an integer)
// or float32.
func outOfRange(v any) bool {
	return anyNumber(v, func(_ string, r *big.Rat) bool {
		if r.IsInt() && (r.Num().Cmp(big.NewInt(math.MaxInt64)) > 0 || r.Num().Cmp(big.NewInt(math.MinInt64)) < 0) {
			return true
		}
		return new(big.Rat).Abs(r).Cmp(new(big.Rat).SetFloat64(math.MaxFloat32)) > 0
	})
}

// fold renames every member whose name is another case of a property
// name to that name; ok is false when both are there (then the last in
// the text wins, which a decoded map no longer tells).
func (c *Checker) fold(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			fe, ok := c.fold(e)
			if !ok {
				return nil, false
			}
			name, alts := k, 0
			for n := range c.names {
				if n != k && strings.EqualFold(n, k) {
					name, alts = n, alts+1
				}
			}
			if alts > 1 || alts == 1 && c.names[k] {
				return nil, false // which spelling the decoder took depends on the schema here
			}
			if _, taken := out[name]; taken {
				return nil, false
			}
			if _, there := x[name]; there && name != k {
				return nil, false
			}
			out[name] = fe
		}
		return out, true
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			fe, ok := c.fold(e)
			if !ok {
				return nil, false
			}
			out[i] = fe
		}
		return out, true
	}
	return v, true
}

// foldedName reports whether an object in v has a member whose name is
// a property name of the definition in another case.
func (c *Checker) foldedName(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			for n := range c.names {
				if n != k && strings.EqualFold(n, k) {
					return true
				}
			}
			if c.foldedName(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if c.foldedName(e) {
				return true
			}
		}
	}
	return false
}
