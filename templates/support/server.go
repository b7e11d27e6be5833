package support

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// HandlerOption configures the http.Handler returned by NewHandler.
type HandlerOption func(*serverCore)

// WithMaxBodyBytes limits the size of request bodies (default 4 MiB), and
// with it the memory decoding a JSON body may take: 8 bytes per byte of
// the body, plus n. A larger body, or one that would decode into more
// (4 MB of [{},{},…] is over a million structs), is answered with 413
// before the server method is called, and before the memory is taken.
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(s *serverCore) { s.maxBodyBytes = n }
}

// WithErrorLog receives errors that cannot be reported to the client: a
// panic in a server method, or an error it returned that is not an error
// model. Secrets never reach it from the generated code.
func WithErrorLog(f func(r *http.Request, err error)) HandlerOption {
	return func(s *serverCore) { s.errorLog = f }
}

const defaultMaxBodyBytes = 4 << 20

// serverCore routes requests and writes the framework's own responses.
type serverCore struct {
	routes          []route
	errorBody       func(code, message string, details [][2]string) any
	isErrorModel    func(error) bool
	requestIDHeader string
	maxBodyBytes    int64
	baseURL         string // WithBaseURL's
	errorLog        func(*http.Request, error)

	accessLog  *slog.Logger
	tracer     Tracer
	middleware []func(http.Handler) http.Handler
	decoders   map[string]func(io.Reader) (io.ReadCloser, error)
	keepAlive  *time.Duration // WithKeepAlive; nil: defaultKeepAlive
}

type route struct {
	operation string // the operation id, for OperationID, logs and traces
	method    string
	pattern   *pathPattern // nil: any path (a webhook)
	handle    func(w http.ResponseWriter, r *http.Request, p *paramReader)
}

func (s *serverCore) init(opts []HandlerOption) {
	s.maxBodyBytes = defaultMaxBodyBytes
	for _, o := range opts {
		o(s)
	}
	if s.errorBody == nil {
		s.errorBody = plainErrorBody
	}
}

func (s *serverCore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.requestIDHeader != "" {
		w.Header()[s.requestIDHeader] = []string{NewUUID().String()}
	}
	var rec *statusRecorder
	if s.accessLog != nil || s.tracer != nil {
		rec = &statusRecorder{ResponseWriter: w, start: time.Now()}
		w = rec
		defer s.finish(rec, r)
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err := fmt.Errorf("panic in handler: %v", v)
			s.logError(r, err)
			if s.accessLog != nil {
				s.accessLog.LogAttrs(r.Context(), slog.LevelError, "panic in handler",
					slog.String("operation", rec.operation), slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.String("panic", fmt.Sprint(v)))
			}
			if rec != nil {
				rec.err = err
			}
			s.writeFramework(w, http.StatusInternalServerError, "InternalServerError", "The server encountered an internal error.", nil)
		}
	}()
	path := r.URL.EscapedPath()
	var allow []string
	for i := range s.routes {
		rt := &s.routes[i]
		if rt.pattern != nil && !rt.pattern.matches(path) {
			continue
		}
		if rt.method != r.Method {
			allow = append(allow, rt.method)
			continue
		}
		s.serveRoute(w, r, rt, path, rec)
		return
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeFramework(w, http.StatusMethodNotAllowed, "UnsupportedHttpVerb", "The resource does not support "+r.Method+".", nil)
		return
	}
	s.writeFramework(w, http.StatusNotFound, "InvalidUri", "The requested URI does not represent any resource on the server.", [][2]string{{"UriPath", path}})
}

// only returns a handler with s's configuration that serves just rts,
// whatever the request's path: a webhook is sent to the URL its receiver
// chose, so the method alone routes.
func (s *serverCore) only(rts ...route) http.Handler {
	c := *s
	c.routes = rts
	return &c
}

// serveRoute runs the operation's handler: its context carries the
// operation id, its body is decoded if it has a content coding, and the
// operation middleware wraps it.
func (s *serverCore) serveRoute(w http.ResponseWriter, r *http.Request, rt *route, path string, rec *statusRecorder) {
	ctx := withExchange(withOperationID(r.Context(), rt.operation), r, w, s.baseURL)
	if rec != nil {
		rec.operation = rt.operation
		if s.tracer != nil {
			ctx, rec.end = s.tracer.StartOperation(ctx, rt.operation)
		}
	}
	r = r.WithContext(ctx)
	if perr := s.decodeBody(r); perr != nil {
		s.writeParamError(w, perr)
		return
	}
	p := &paramReader{r: r}
	if rt.pattern != nil && len(rt.pattern.names) > 0 {
		p.names = rt.pattern.names
		p.vals, _ = rt.pattern.matchInto(path, p.buf[:0])
		if i := rt.pattern.ambiguous(p.vals); i >= 0 {
			lit := rt.pattern.literals[i+1]
			p.fail(inPath, p.names[i], p.vals[i], fmt.Sprintf("ambiguous: the value may end at any %q; escape %q in values (as %%%02X)", lit, lit[:1], lit[0]))
		}
	}
	p.checkQuery()
	if len(s.middleware) == 0 {
		rt.handle(w, r, p)
		return
	}
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r2 *http.Request) {
		p.r = r2
		rt.handle(w, r2, p)
	})
	for i := len(s.middleware) - 1; i >= 0; i-- {
		h = s.middleware[i](h)
	}
	h.ServeHTTP(w, r)
}

// decodeBody undoes a request body's Content-Encoding with a decoder from
// WithRequestDecoder; a coding without one is answered 415, never read as
// plain JSON.
func (s *serverCore) decodeBody(r *http.Request) *paramError {
	ce := strings.TrimSpace(r.Header.Get("Content-Encoding"))
	if ce == "" || strings.EqualFold(ce, "identity") || r.ContentLength == 0 {
		return nil
	}
	dec := s.decoders[strings.ToLower(ce)]
	if dec == nil {
		return &paramError{status: http.StatusUnsupportedMediaType, code: "UnsupportedMediaType", in: inHeader, name: "Content-Encoding", value: ce, reason: "content coding not supported"}
	}
	body, err := dec(r.Body)
	if err != nil {
		return &paramError{status: http.StatusBadRequest, code: "InvalidRequestBody", in: inBody, name: "body", reason: "cannot decode " + ce + " body"}
	}
	r.Body, r.ContentLength = body, -1
	r.Header = r.Header.Clone()
	r.Header.Del("Content-Encoding")
	return nil
}

func (s *serverCore) logError(r *http.Request, err error) {
	if s.errorLog != nil {
		s.errorLog(r, err)
	}
}

func (s *serverCore) writeFramework(w http.ResponseWriter, status int, code, message string, details [][2]string) {
	writeJSON(w, status, s.errorBody(code, message, details))
}

// writeError answers with the error a server method returned: a
// *ResponseError keeps its status (304 without a body), an error model is
// written as the body, ErrNotModified and ErrPreconditionFailed (or a
// *ConditionError) answer 304 and 412, and anything else becomes a 500
// that does not leak its text.
func (s *serverCore) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if rec := findRecorder(w); rec != nil {
		rec.err = err
	}
	var a answerer
	if errors.As(err, &a) {
		a.answer(s, w)
		return
	}
	status := http.StatusInternalServerError
	var ni errNotImplemented
	if errors.As(err, &ni) {
		s.writeFramework(w, http.StatusNotImplemented, "NotImplemented", ni.Error(), nil)
		return
	}
	var re *ResponseError
	switch {
	case errors.As(err, &re):
		switch {
		case re.StatusCode == http.StatusNotModified:
			w.WriteHeader(http.StatusNotModified) // never a body
			return
		case re.StatusCode >= 400 && re.StatusCode <= 599:
			status = re.StatusCode
		default:
			err = fmt.Errorf("server method returned a *ResponseError of status %d, which is not answered (only 304 and 400-599 are): %w", re.StatusCode, err)
		}
	case errors.Is(err, ErrNotModified):
		w.WriteHeader(http.StatusNotModified)
		return
	case errors.Is(err, ErrPreconditionFailed):
		(&ConditionError{StatusCode: http.StatusPreconditionFailed}).answer(s, w)
		return
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if s.isErrorModel != nil && s.isErrorModel(e) {
			if re == nil {
				// An error model returned bare describes a failure the
				// method foresaw: the caller's, unless it says otherwise
				// with NewErrorResponse.
				status = http.StatusBadRequest
			}
			writeJSON(w, status, e)
			return
		}
	}
	if status >= 500 {
		s.logError(r, err)
	}
	if status == http.StatusInternalServerError {
		s.writeFramework(w, status, "InternalServerError", "The server encountered an internal error.", nil)
		return
	}
	// A *ResponseError without an error model: its status speaks for it.
	text := http.StatusText(status)
	s.writeFramework(w, status, strings.ReplaceAll(text, " ", ""), text+".", nil)
}

// answerer is an error that writes its own answer: the example server's
// error examples and its "no example matches" answer.
type answerer interface {
	error
	answer(s *serverCore, w http.ResponseWriter)
}

// plainErrorBody is the error body for definitions without a usable error
// model.
func plainErrorBody(code, message string, details [][2]string) any {
	type detail struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	body := struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Details []detail `json:"details,omitempty"`
	}{Code: code, Message: message}
	for _, d := range details {
		body.Details = append(body.Details, detail{d[0], d[1]})
	}
	return body
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshalJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"code":"InternalServerError","message":"The response could not be encoded."}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// pathPattern matches an escaped request path against a path template
// such as /certificates(thumbprintAlgorithm={thumbprintAlgorithm},thumbprint={thumbprint}),
// which Go's ServeMux cannot express: parameters need not be whole segments.
type pathPattern struct {
	literals []string // len(names)+1 literal runs around the parameters
	names    []string
	spans    []bool // {+name}: the value may hold '/'; nil when none does
}

func compilePath(tmpl string) *pathPattern {
	p := &pathPattern{}
	for {
		i := strings.IndexByte(tmpl, '{')
		j := strings.IndexByte(tmpl, '}')
		if i < 0 || j < i {
			p.literals = append(p.literals, tmpl)
			return p
		}
		p.literals = append(p.literals, tmpl[:i])
		name, spans := strings.CutPrefix(tmpl[i+1:j], "+")
		if spans && p.spans == nil {
			p.spans = make([]bool, len(p.names), len(p.names)+1)
		}
		if p.spans != nil {
			p.spans = append(p.spans, spans)
		}
		p.names = append(p.names, name)
		tmpl = tmpl[j+1:]
	}
}

// match returns the still-escaped parameter values. A value never spans a
// '/' (a {+name} one may) and ends at the first occurrence of the literal
// that follows it; clients that escape values (as the generated one does)
// are never ambiguous.
func (p *pathPattern) match(path string) ([]string, bool) {
	var vals []string
	if len(p.names) > 0 {
		vals = make([]string, 0, len(p.names))
	}
	return p.matchInto(path, vals)
}

// matches is match without keeping the values.
func (p *pathPattern) matches(path string) bool {
	var buf [8]string
	_, ok := p.matchInto(path, buf[:0])
	return ok
}

// matchInto appends the escaped values to vals.
func (p *pathPattern) matchInto(path string, vals []string) ([]string, bool) {
	if !strings.HasPrefix(path, p.literals[0]) {
		return nil, false
	}
	rest := path[len(p.literals[0]):]
	if len(p.names) == 0 {
		return vals, rest == ""
	}
	for i := range p.names {
		lit := p.literals[i+1]
		var end int
		switch {
		case lit == "":
			end = len(rest)
		case i == len(p.names)-1: // the template's end: "{name}.json" takes "a.json.json" as a.json
			if !strings.HasSuffix(rest, lit) {
				return nil, false
			}
			end = len(rest) - len(lit)
		default:
			end = strings.Index(rest, lit)
			if end < 0 {
				return nil, false
			}
		}
		v := rest[:end]
		if strings.IndexByte(v, '/') >= 0 && (p.spans == nil || !p.spans[i]) {
			return nil, false
		}
		vals = append(vals, v)
		rest = rest[end+len(lit):]
	}
	return vals, rest == ""
}

// ambiguous returns the index of the first parameter whose value could
// also have ended at a later occurrence of the literal after it ("acme-
// corp-bob" in "{tenant}-{user}"), or -1. The generated client escapes
// that literal's first character in the values on both sides of it
// (escapePathSeps), so only another client can be ambiguous, and the
// server says so rather than guess.
func (p *pathPattern) ambiguous(vals []string) int {
	for i := 0; i+1 < len(vals); i++ {
		if lit := p.literals[i+1]; lit != "" && strings.Contains(vals[i+1], lit) {
			return i
		}
	}
	return -1
}

// The places a parameter can come from, as the error body names them.
const (
	inPath   = "path"
	inQuery  = "query"
	inHeader = "header"
	inBody   = "body"
)

// paramError is the first problem found with a request; it becomes a 4xx
// response before any server method is called.
type paramError struct {
	status int
	code   string
	in     string
	name   string
	value  string
	reason string
}

// paramReader reads and validates the parameters of one request, keeping
// the first error so that generated code can read every parameter and
// check once.
type paramReader struct {
	r     *http.Request
	names []string // path parameter names
	vals  []string // escaped path values
	buf   [4]string
	// badQuery: the query string does not parse, so no value is read from it.
	badQuery bool
	body     []byte // the raw JSON body, once read
	err      *paramError
}

func newParamReader(r *http.Request, names, vals []string) *paramReader {
	p := &paramReader{r: r, names: names, vals: vals}
	p.checkQuery()
	return p
}

func (p *paramReader) checkQuery() {
	if !validQuery(p.r.URL.RawQuery) {
		p.badQuery = true
		p.fail(inQuery, "", p.r.URL.RawQuery, "malformed query string")
	}
}

// validQuery accepts what url.ParseQuery accepts, without building the
// map: no ';' and only well-formed percent-escapes.
func validQuery(raw string) bool {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case ';':
			return false
		case '%':
			if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

func isHex(c byte) bool { _, ok := fromHex(c); return ok }

// queryRaw finds a query parameter by scanning the raw query: no map is
// built, and nothing is allocated unless a value is escaped. n counts the
// occurrences, so that a duplicated key is reported.
func queryRaw(raw, name string) (val string, n int) {
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k != name {
			if !strings.ContainsAny(k, "%+") {
				continue
			}
			if uk, err := url.QueryUnescape(k); err != nil || uk != name {
				continue
			}
		}
		if n++; n == 1 {
			val = v
		}
	}
	return val, n
}

// queryAll lists every value of a query parameter, for error messages.
func queryAll(raw, name string) []string {
	var out []string
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		if uk, err := url.QueryUnescape(k); err == nil && uk == name {
			uv, _ := url.QueryUnescape(v)
			out = append(out, uv)
		}
	}
	return out
}

// fail records that parameter name, in in, has a value it refuses; the
// first failure is the one answered. Error paths are not inlined: the
// callers are many and the code would be copied into each.
//
//go:noinline
func (p *paramReader) fail(in, name, value, reason string) {
	if p.err != nil {
		return
	}
	var code string
	switch in {
	case inPath:
		code = "InvalidUri"
	case inQuery:
		code = "InvalidQueryParameterValue"
	case inHeader:
		code = "InvalidHeaderValue"
	case inBody:
		code = "InvalidRequestBody"
	}
	p.err = &paramError{status: http.StatusBadRequest, code: code, in: in, name: name, value: value, reason: reason}
}

// missing records that a required parameter is absent.
//
//go:noinline
func (p *paramReader) missing(in, name string) {
	if p.err != nil {
		return
	}
	var code string
	switch in {
	case inPath:
		code = "InvalidUri"
	case inQuery:
		code = "MissingRequiredQueryParameter"
	case inHeader:
		code = "MissingRequiredHeader"
	case inBody:
		code = "MissingRequiredBody"
	}
	p.err = &paramError{status: http.StatusBadRequest, code: code, in: in, name: name, reason: "required"}
}

// raw returns a parameter's single raw value and whether it was given.
func (p *paramReader) raw(in, name string, required bool) (string, bool) {
	var vs []string
	switch in {
	case inPath:
		for i, n := range p.names {
			if n != name {
				continue
			}
			v, err := url.PathUnescape(p.vals[i])
			switch {
			case err != nil:
				p.fail(in, name, p.vals[i], "malformed percent-encoding")
				return "", false
			case strings.IndexByte(v, 0) >= 0:
				p.fail(in, name, p.vals[i], "holds a NUL character")
				return "", false
			case v != "":
				return v, true
			}
		}
	case inQuery:
		if p.badQuery {
			return "", false
		}
		v, n := queryRaw(p.r.URL.RawQuery, name)
		switch n {
		case 0:
		case 1:
			uv, err := url.QueryUnescape(v)
			if err != nil {
				p.fail(in, name, v, "malformed percent-encoding")
				return "", false
			}
			if strings.IndexByte(uv, 0) >= 0 {
				p.fail(in, name, v, "holds a NUL character")
				return "", false
			}
			return uv, true
		default:
			vs = queryAll(p.r.URL.RawQuery, name)
		}
	case inHeader:
		vs = headerValues(p.r.Header, name)
		if strings.EqualFold(name, "Host") && p.r.Host != "" {
			vs = []string{p.r.Host} // Go's server moves Host out of the header map
		}
	}
	switch {
	case len(vs) == 0:
		if required {
			p.missing(in, name)
		}
		return "", false
	case len(vs) > 1:
		p.fail(in, name, strings.Join(vs, ","), "given more than once")
		return "", false
	}
	return vs[0], true
}

// readHeaderParam is readParam for a header whose canonical key (as
// net/http stores received headers) was worked out by the generator, so
// that no key is canonicalised per request.
func readHeaderParam[T any](p *paramReader, name, key string, required bool, parse func(string) (T, error)) (v T, ok bool) {
	s, ok := p.headerRaw(name, key, required)
	if !ok {
		return v, false
	}
	v, err := parse(s)
	if err != nil {
		p.fail(inHeader, name, s, err.Error())
		return v, false
	}
	return v, true
}

// headerRaw is raw for a header whose canonical key is known.
func (p *paramReader) headerRaw(name, key string, required bool) (string, bool) {
	vs := p.r.Header[key]
	if vs == nil {
		vs = p.r.Header[name] // set in-process with the definition's spelling
	}
	if vs == nil && key == "Host" && p.r.Host != "" {
		vs = []string{p.r.Host} // Go's server moves Host out of the header map
	}
	switch {
	case len(vs) == 0:
		if required {
			p.missing(inHeader, name)
		}
		return "", false
	case len(vs) > 1:
		p.fail(inHeader, name, strings.Join(vs, ","), "given more than once")
		return "", false
	}
	return vs[0], true
}

// readOptions reads the Options fields of w's table into opts (the
// handler's *Options): a value absent, or invalid (the reader then holds
// the error), leaves its field nil or pointing at its default.
func (p *paramReader) readOptions(w *opWire, opts any) {
	v, err := w.optFields(opts)
	if err != nil {
		if p.err == nil {
			p.err = &paramError{status: http.StatusInternalServerError, code: "InternalServerError", reason: err.Error()}
		}
		return
	}
	for i, f := range w.opts {
		in, s, ok := inQuery, "", false
		if f.header {
			in = inHeader
			s, ok = p.headerRaw(f.wire, w.optKeys[i], false)
		} else {
			s, ok = p.raw(inQuery, f.wire, false)
		}
		fv := v.Field(w.optIdx[i])
		if ok {
			n, err := wireNew(s, f.kind, fv.Type())
			if err == nil {
				fv.Set(n)
				continue
			}
			p.fail(in, f.wire, s, err.Error())
		}
		if d := w.defs[i]; d.IsValid() {
			n := reflect.New(d.Type())
			n.Elem().Set(d)
			fv.Set(n)
		}
	}
}

// readParam reads and parses one parameter; ok is false when it was absent
// or invalid (the reader then holds the error).
func readParam[T any](p *paramReader, in, name string, required bool, parse func(string) (T, error)) (v T, ok bool) {
	s, ok := p.raw(in, name, required)
	if !ok {
		return v, false
	}
	v, err := parse(s)
	if err != nil {
		p.fail(in, name, s, err.Error())
		return v, false
	}
	return v, true
}

// optional points at an optional parameter's value, read by readParam or
// readHeaderParam; nil when it was absent or invalid. Like the other
// helpers called once per parameter of every handler, it is not inlined:
// inlined copies made the generated package slower to compile.
//
//go:noinline
func optional[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// defParam reads an optional parameter that has a default: a pointer to
// its value, or to def when it was absent or invalid.
func defParam[T any](p *paramReader, in, name string, parse func(string) (T, error), def T) *T {
	v, ok := readParam(p, in, name, false, parse)
	if !ok {
		v = def
	}
	return &v
}

// defHeaderParam is defParam for a header (see readHeaderParam).
func defHeaderParam[T any](p *paramReader, name, key string, parse func(string) (T, error), def T) *T {
	v, ok := readHeaderParam(p, name, key, false, parse)
	if !ok {
		v = def
	}
	return &v
}

// readPathStyle reads a primitive path parameter written in label or
// matrix style (formatPathStyle).
func readPathStyle[T any](p *paramReader, name, style string, parse func(string) (T, error)) (v T, ok bool) {
	items, ok := p.pathItems(name, style, false, false)
	if !ok {
		return v, false
	}
	v, err := parse(items[0])
	if err != nil {
		p.fail(inPath, name, items[0], err.Error())
		return v, false
	}
	return v, true
}

// objectParam reads the members of an object query parameter (see
// readObjectParam) for objMember.
type objectParam struct {
	p       *paramReader
	name    string
	deep    bool
	pairs   map[string]string // form, not exploded: member → value
	found   bool              // some member was given
	failed  bool              // a member did not parse
	missing []string          // required members not given
}

// key is a member's name in errors: name[member], as deepObject writes it.
func (o *objectParam) key(member string) string { return o.name + "[" + member + "]" }

// readObjectParam reads an object query parameter: deep for deepObject
// (name[member]=value), else form, exploded (member=value) or not
// (name=member,value,…). fill reads the members with objMember. The
// object is absent when none of its members is given; a required member
// missing from a present object, or a member that does not parse, is a
// 400 naming name[member].
func readObjectParam[T any](p *paramReader, name string, deep, explode, required bool, fill func(o *objectParam, v *T)) (v T, ok bool) {
	if p.badQuery {
		return v, false
	}
	o := &objectParam{p: p, name: name, deep: deep}
	if !deep && !explode {
		var given bool
		if o.pairs, given = p.queryPairs(name, required); !given {
			return v, false
		}
	}
	fill(o, &v)
	switch {
	case !o.found && o.pairs == nil:
		if required {
			p.missing(inQuery, name)
		}
		return v, false
	case len(o.missing) > 0:
		p.missing(inQuery, o.key(o.missing[0]))
		return v, false
	}
	return v, !o.failed
}

// listedEnum is a closed enum type: generated enums list their values.
type listedEnum[T any] interface {
	comparable
	Values() []T
}

// closedEnum wraps an enum's parser to refuse the values it does not list.
func closedEnum[T listedEnum[T]](parse func(string) (T, error)) func(string) (T, error) {
	return func(s string) (T, error) {
		v, err := parse(s)
		if err == nil {
			if why := violatesEnum(v, v.Values()); why != "" {
				return v, errors.New(why)
			}
		}
		return v, err
	}
}

// queryPairs reads an object query parameter in form style, not
// exploded: name=key,value,key,value (name= is an object without
// members).
func (p *paramReader) queryPairs(name string, required bool) (map[string]string, bool) {
	s, given := p.raw(inQuery, name, required)
	if !given {
		return nil, false
	}
	pairs := map[string]string{}
	if s == "" {
		return pairs, true
	}
	items := strings.Split(s, ",")
	if len(items)%2 != 0 {
		p.fail(inQuery, name, s, "not pairs of key and value")
		return nil, false
	}
	for i := 0; i < len(items); i += 2 {
		pairs[items[i]] = items[i+1]
	}
	return pairs, true
}

// readQueryMap reads an object query parameter of free keys: deepObject
// (every name[key]=value of the query) or form, not exploded
// (name=key,value,…). A value that does not parse is a 400 naming
// name[key].
func readQueryMap[V any](p *paramReader, name string, deep, required bool, parse func(string) (V, error)) (map[string]V, bool) {
	if p.badQuery {
		return nil, false
	}
	raw := map[string]string{}
	if deep {
		q, _ := url.ParseQuery(p.r.URL.RawQuery) // checked by checkQuery
		for k, vs := range q {
			key, ok := strings.CutPrefix(k, name+"[")
			if !ok || !strings.HasSuffix(key, "]") {
				continue
			}
			key = key[:len(key)-1]
			if len(vs) > 1 {
				p.fail(inQuery, k, strings.Join(vs, ","), "given more than once")
				return nil, false
			}
			raw[key] = vs[0]
		}
		if len(raw) == 0 {
			if required {
				p.missing(inQuery, name)
			}
			return nil, false
		}
	} else {
		var given bool
		if raw, given = p.queryPairs(name, required); !given {
			return nil, false
		}
	}
	m := make(map[string]V, len(raw))
	for _, k := range jwSortedKeys(raw) {
		v, err := parse(raw[k])
		if err != nil {
			p.fail(inQuery, name+"["+k+"]", raw[k], err.Error())
			return nil, false
		}
		m[k] = v
	}
	return m, true
}

// objMember reads one member of an object query parameter.
func objMember[T any](o *objectParam, member string, required bool, parse func(string) (T, error)) (v T, ok bool) {
	var s string
	var given bool
	switch {
	case o.pairs != nil:
		s, given = o.pairs[member]
	case o.deep:
		s, given = o.p.raw(inQuery, o.key(member), false)
	default:
		s, given = o.p.raw(inQuery, member, false)
	}
	if !given {
		if required {
			o.missing = append(o.missing, member)
		}
		return v, false
	}
	o.found = true
	v, err := parse(s)
	if err != nil {
		o.failed = true
		o.p.fail(inQuery, o.key(member), s, err.Error())
		return v, false
	}
	return v, true
}

// readPathList reads an array path parameter in any path style.
func readPathList[T any](p *paramReader, name, style string, explode bool, parse func(string) (T, error)) ([]T, bool) {
	items, ok := p.pathItems(name, style, explode, true)
	if !ok {
		return nil, false
	}
	vs, err := parseEach(items, parse)
	if err != nil {
		p.fail(inPath, name, strings.Join(items, ","), err.Error())
		return nil, false
	}
	return vs, true
}

// pathItems splits a styled path value into unescaped items.
func (p *paramReader) pathItems(name, style string, explode, list bool) ([]string, bool) {
	for i, n := range p.names {
		if n != name {
			continue
		}
		if p.vals[i] == "" && (style == styleSimple || style == styleReserved) {
			break
		}
		items, err := parsePathStyle(p.vals[i], style, name, explode, list)
		if err != nil {
			p.fail(inPath, name, p.vals[i], err.Error())
			return nil, false
		}
		return items, true
	}
	p.missing(inPath, name)
	return nil, false
}

// readQueryList reads an exploded query array: one value per repetition
// of the key (?id=3&id=4&id=5).
func readQueryList[T any](p *paramReader, name string, required bool, parse func(string) (T, error)) ([]T, bool) {
	if p.badQuery {
		return nil, false
	}
	items := queryAll(p.r.URL.RawQuery, name)
	if len(items) == 0 {
		if required {
			p.missing(inQuery, name)
		}
		return nil, false
	}
	vs, err := parseEach(items, parse)
	if err != nil {
		p.fail(inQuery, name, strings.Join(items, ","), err.Error())
		return nil, false
	}
	return vs, true
}

type number interface {
	~int32 | ~int64 | ~float32 | ~float64
}

// The violates* functions return why a value breaks a schema rule, or ""
// when it does not; the check* wrappers record it on a paramReader, and
// the body rules (server_validate.go) return it for body fields.

func violatesMin[T number](v, min T, exclusive bool) string {
	if v < min || exclusive && v == min {
		return "must be " + cmpWord(">", exclusive) + " " + fmt.Sprint(min)
	}
	return ""
}

func violatesMax[T number](v, max T, exclusive bool) string {
	if v > max || exclusive && v == max {
		return "must be " + cmpWord("<", exclusive) + " " + fmt.Sprint(max)
	}
	return ""
}

func violatesLength(v string, min, max int) string {
	n := len([]rune(v))
	if n < min || max >= 0 && n > max {
		reason := "length must be at least " + strconv.Itoa(min)
		if max >= 0 {
			reason += " and at most " + strconv.Itoa(max)
		}
		return reason
	}
	return ""
}

func violatesPattern(v string, re *regexp.Regexp) string {
	if !re.MatchString(v) {
		return "must match " + re.String()
	}
	return ""
}

func violatesEnum[T comparable](v T, allowed []T) string {
	for _, a := range allowed {
		if v == a {
			return ""
		}
	}
	return "not one of " + fmt.Sprint(allowed)
}

func cmpWord(op string, exclusive bool) string {
	if exclusive {
		return op
	}
	return op + "="
}

func (p *paramReader) check(in, name string, value any, reason string) {
	if reason != "" {
		p.fail(in, name, fmt.Sprint(value), reason)
	}
}

func checkMin[T number](p *paramReader, in, name string, v, min T, exclusive bool) {
	p.check(in, name, v, violatesMin(v, min, exclusive))
}

func checkMax[T number](p *paramReader, in, name string, v, max T, exclusive bool) {
	p.check(in, name, v, violatesMax(v, max, exclusive))
}

func checkLength(p *paramReader, in, name, v string, min, max int) {
	p.check(in, name, v, violatesLength(v, min, max))
}

func checkPattern(p *paramReader, in, name, v string, re *regexp.Regexp) {
	p.check(in, name, v, violatesPattern(v, re))
}

// checkConst checks a parameter whose value is fixed, such as api-version.
func checkConst(p *paramReader, in, name, want string) {
	if v, ok := p.raw(in, name, true); ok && v != want {
		p.fail(in, name, v, "unsupported value: want "+want)
	}
}

func checkEnum[T comparable](p *paramReader, in, name string, v T, allowed []T) {
	p.check(in, name, v, violatesEnum(v, allowed))
}

// checkEnumList checks each value of a list parameter against its enum.
func checkEnumList[T listedEnum[T]](p *paramReader, in, name string, vs []T) {
	for _, v := range vs {
		checkEnum(p, in, name, v, v.Values())
	}
}

// readBody decodes a JSON request body into v. strict rejects unknown
// fields (for closed schemas). A missing body is an error only if required.
func (p *paramReader) readBody(w http.ResponseWriter, maxBytes int64, required, strict bool, v any) bool {
	if p.err != nil {
		return false
	}
	r := p.r
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		if required {
			p.missing(inBody, "body")
		}
		return false
	}
	// A body without a Content-Type is read as JSON (clients that leave
	// it out mean it); any other media type, or a charset other than
	// UTF-8 (JSON exchanged between systems is UTF-8, RFC 8259), is 415.
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		cs, hasCharset := params["charset"]
		if err != nil || mt != "application/json" && !strings.HasSuffix(mt, "+json") || hasCharset && !strings.EqualFold(cs, "utf-8") {
			p.err = &paramError{status: http.StatusUnsupportedMediaType, code: "UnsupportedMediaType", in: inHeader, name: "Content-Type", value: ct, reason: "want application/json in UTF-8"}
			return false
		}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err == nil && string(bytes.TrimSpace(raw)) == "null" {
		// null is no body at all, not an empty one.
		if required {
			p.missing(inBody, "body")
		}
		return false
	}
	if err == nil && !utf8.Valid(raw) {
		// encoding/json would put U+FFFD in place of each bad byte: the
		// server method would get text the client never sent.
		err = errors.New("not valid UTF-8")
	}
	if err == nil {
		p.body = raw
		budget := newDecodeBudget(len(raw), maxBytes, "WithMaxBodyBytes")
		before := budget // the table decoder's, as in unmarshalJSON
		// The generated decoder (strict at every depth), else the walk
		// and the table decoder, else encoding/json: for a type the table
		// decoder leaves to it, or to explain the error it stopped at.
		handled, e := jsonDecodeBody(raw, v, strict, &budget)
		if !handled {
			if e = estimateBody(raw, v, &budget); e == nil {
				handled, e = decodeTable(raw, v, strict, &before)
			}
		}
		if !handled && e == nil {
			e = decodeStd(raw, v, strict)
		}
		err = e
	}
	var tooBig *http.MaxBytesError
	var tooMuch *decodeBudgetError
	switch {
	case errors.As(err, &tooBig):
		p.err = &paramError{status: http.StatusRequestEntityTooLarge, code: "RequestBodyTooLarge", in: inBody, name: "body", reason: "larger than " + strconv.FormatInt(maxBytes, 10) + " bytes"}
		return false
	case errors.As(err, &tooMuch):
		p.err = &paramError{status: http.StatusRequestEntityTooLarge, code: "RequestBodyTooLarge", in: inBody, name: "body", reason: tooMuch.Error()}
		return false
	case err != nil:
		p.fail(inBody, "body", "", err.Error())
		return false
	}
	return true
}

// writeParamError answers with the reader's error in the error model.
func (s *serverCore) writeParamError(w http.ResponseWriter, e *paramError) {
	var msg string
	var details [][2]string
	switch e.in {
	case inQuery:
		msg = "A query parameter"
		details = [][2]string{{"QueryParameterName", e.name}, {"QueryParameterValue", e.value}}
	case inHeader:
		msg = "An HTTP header"
		details = [][2]string{{"HeaderName", e.name}, {"HeaderValue", e.value}}
	case inPath:
		msg = "A path parameter"
		details = [][2]string{{"PathParameterName", e.name}, {"PathParameterValue", e.value}}
	default:
		msg = "The request body"
		if e.name != "" && e.name != "body" {
			details = [][2]string{{"PropertyName", e.name}}
		}
	}
	if e.reason == "required" {
		msg += " that is required is missing: " + e.name + "."
		if len(details) > 0 { // a missing body has no details
			details = details[:1]
		}
	} else {
		msg += " is not valid: " + strings.TrimSpace(e.name+" "+e.reason) + "."
		details = append(details, [2]string{"Reason", e.reason})
	}
	s.writeFramework(w, e.status, e.code, msg, details)
}

// writeStream copies a binary response body.
func writeStream(w http.ResponseWriter, status int, body io.ReadCloser) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	defer body.Close()
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.WriteHeader(status)
	_, _ = io.Copy(w, body)
}

// fieldError is a body field that breaks its schema; path is the JSON
// path, such as "certificate.values[2].key".
type fieldError struct{ path, reason string }

func (e *fieldError) Error() string {
	if e.path == "" {
		return e.reason // the value itself
	}
	return e.path + ": " + e.reason
}

func fieldErr(name, reason string) error { return &fieldError{name, reason} }

// nestErr prefixes a nested field error with its parent's name.
func nestErr(prefix string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		sep := "."
		if strings.HasPrefix(fe.path, "[") {
			sep = ""
		}
		return &fieldError{prefix + sep + fe.path, fe.reason}
	}
	return err
}

func indexName(i int) string { return "[" + strconv.Itoa(i) + "]" }

// absent reports a key that was not in the JSON object; null reports an
// explicit null. Required fields must be present, and not null unless
// nullable.
func absent(raw json.RawMessage) bool { return len(raw) == 0 }

func null(raw json.RawMessage) bool { return string(raw) == "null" }

// checkBody records the result of the body rules.
func (p *paramReader) checkBody(err error) {
	if err == nil || p.err != nil {
		return
	}
	var fe *fieldError
	if errors.As(err, &fe) {
		p.fail(inBody, fe.path, "", fe.reason)
		return
	}
	p.fail(inBody, "body", "", err.Error())
}

// headerWriter sets response headers with their definition spelling,
// taking the one-element value slices from a shared backing array.
type headerWriter struct {
	h   http.Header
	buf []string
}

//go:noinline
func newHeaderWriter(w http.ResponseWriter) *headerWriter {
	return &headerWriter{h: w.Header(), buf: make([]string, 0, 8)}
}

//go:noinline
func (hw *headerWriter) set(name, value string) {
	n := len(hw.buf)
	hw.buf = append(hw.buf, value)
	hw.h[name] = hw.buf[n : n+1 : n+1]
}

// writeHeaders sets the header fields of w's table that resp (the
// server method's *Response) holds; false, after answering 500, when the
// table does not fit.
func (s *serverCore) writeHeaders(rw http.ResponseWriter, w *opWire, resp any) bool {
	v, err := w.headerFields(resp)
	if err != nil {
		s.writeFramework(rw, http.StatusInternalServerError, "InternalServerError", err.Error(), nil)
		return false
	}
	hw := headerWriter{h: rw.Header()}
	for i, f := range w.headers {
		p := v.Field(w.headerIdx[i])
		if p.IsNil() {
			continue
		}
		if hw.buf == nil {
			hw.buf = make([]string, 0, len(w.headers)-i)
		}
		hw.set(f.wire, wirePtrText(p, f.kind))
	}
	return true
}

// setOptHeader sets an optional response header when v is not nil.
//
//go:noinline
func setOptHeader[T any](hw *headerWriter, name string, v *T, format func(T) string) {
	if v != nil {
		hw.set(name, format(*v))
	}
}

// decodeStd decodes a request body with encoding/json, strict: unknown
// members fail.
func decodeStd(raw []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
