package support

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
)

// ClientOption configures a Client.
type ClientOption func(*clientConfig)

type clientConfig struct {
	httpClient  *http.Client
	userAgent   string
	sharedKey   *sharedKeyConfig
	tokenSource func(context.Context) (string, time.Time, error)
	retry       RetryPolicy
	middleware  []func(http.RoundTripper) http.RoundTripper

	maxResponseBytes int64  // 0: defaultMaxResponseBytes
	maxPages         int    // 0: defaultMaxPages
	apiVersion       string // "": the generated APIVersion
	logger           *slog.Logger
	logOpts          LogOptions
	tracer           Tracer
	streamReconnects int // WithStreamReconnect
	maxStreamLine    int // WithMaxStreamLine; 0: defaultMaxStreamLine
}

// The limits of a client without WithMaxResponseBytes or WithMaxPages.
const (
	defaultMaxResponseBytes = 64 << 20
	defaultMaxPages         = 100_000
)

// WithMaxResponseBytes bounds the size of a JSON response body the client
// reads into memory (default 64 MiB), and with it the memory decoding the
// body may take: 8 bytes per byte of the body, plus n. A body that is
// larger, or that would decode into more (63 MB of {"value":[{},{},…]}
// is 22 million structs), fails the call with an error that says so,
// before the memory is taken. Streamed bodies (format: file) are not
// bounded: the caller reads them.
func WithMaxResponseBytes(n int64) ClientOption {
	return func(cfg *clientConfig) { cfg.maxResponseBytes = n }
}

// WithMaxPages bounds how many pages a pager (the …All methods) fetches
// (default 100,000) before it stops with an error. Pagers also stop with
// an error when a next link repeats or 100 pages in a row
// are empty, so a misbehaving server cannot keep them looping.
func WithMaxPages(n int) ClientOption {
	return func(cfg *clientConfig) { cfg.maxPages = n }
}

// WithAPIVersion sends v as the api-version of every call instead of the
// APIVersion the package was generated for: for a service that accepts a
// newer (or older) version with the same shapes. Nothing checks that the
// shapes agree.
func WithAPIVersion(v string) ClientOption {
	return func(cfg *clientConfig) { cfg.apiVersion = v }
}

// WithHTTPClient sets the *http.Client used for every request; the default
// is http.DefaultClient. c itself is never changed: the client uses a
// shallow copy (the same transport, jar and timeout) with its own redirect
// policy. A redirect takes the credentials along only while every hop
// stays on the endpoint's origin (scheme, host and port), and such a hop
// is signed afresh; a hop anywhere else, https to http included, goes
// without Authorization. c.CheckRedirect, if set, still decides whether
// to follow; otherwise the client stops after 10 redirects, as Go does.
func WithHTTPClient(c *http.Client) ClientOption {
	return func(cfg *clientConfig) { cfg.httpClient = c }
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) ClientOption {
	return func(cfg *clientConfig) { cfg.userAgent = ua }
}

// WithMiddleware wraps the transport of the client's *http.Client (the
// caller's client is not changed: the client uses a shallow copy). The
// middleware sees every attempt, retries included, exactly as it goes on
// the wire: signed, with its Authorization header (handle it with care, and
// do not log it), its ocp-date and client request id. A middleware that
// changes an ocp-* header, the URL or the body after signing invalidates a
// Shared Key signature. With several WithMiddleware options the first is
// the outermost: it sees the request first and the response last.
func WithMiddleware(mw func(http.RoundTripper) http.RoundTripper) ClientOption {
	return func(cfg *clientConfig) {
		if mw != nil {
			cfg.middleware = append(cfg.middleware, mw)
		}
	}
}

// clientCore is what every operation group's client shares. It is safe for
// concurrent use.
type clientCore struct {
	base            string // endpoint without a trailing slash
	cfg             clientConfig
	requestIDHeader string

	hc        *http.Client // a copy of cfg.httpClient: middleware, redirect policy
	authorize authorizer   // nil: no credentials
	tokens    *tokenCache  // WithTokenSource's cache, for invalidation on 401
	retry     RetryPolicy  // normalized

	// Hooks, replaced by tests: now stamps ocp-date and judges token
	// expiry; jitter picks a backoff delay in [0, ceiling]; sleep waits
	// out a backoff (sleepCtx).
	now    func() time.Time
	jitter func(ceiling time.Duration) time.Duration
	sleep  func(ctx context.Context, d time.Duration) error
}

func newClientCore(endpoint, requestIDHeader string, opts []ClientOption) (*clientCore, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("invalid endpoint %q: %w", endpoint, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("invalid endpoint %q: want an absolute http or https URL", endpoint)
	}
	if strings.ContainsAny(endpoint, "?#") { // also a bare "?" or "#", which would swallow the path
		return nil, fmt.Errorf("invalid endpoint %q: a query or fragment is not allowed", endpoint)
	}
	c := &clientCore{base: strings.TrimSuffix(endpoint, "/"), requestIDHeader: requestIDHeader, now: time.Now, jitter: newJitter(), sleep: sleepCtx}
	for _, o := range opts {
		o(&c.cfg)
	}
	if c.cfg.httpClient == nil {
		c.cfg.httpClient = http.DefaultClient
	}
	hc := *c.cfg.httpClient // the caller's client is never changed
	if len(c.cfg.middleware) > 0 {
		rt := hc.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		for i := len(c.cfg.middleware) - 1; i >= 0; i-- { // the last wraps first, so the first is outermost
			rt = c.cfg.middleware[i](rt)
		}
		hc.Transport = rt
	}
	hc.CheckRedirect = c.redirectPolicy(hc.CheckRedirect)
	c.hc = &hc
	c.retry = c.cfg.retry.normalized()
	if c.cfg.maxResponseBytes <= 0 {
		c.cfg.maxResponseBytes = defaultMaxResponseBytes
	}
	if c.cfg.maxPages <= 0 {
		c.cfg.maxPages = defaultMaxPages
	}
	c.cfg.logOpts = c.cfg.logOpts.normalized()
	// A bad key fails here, when the caller can still fix the
	// configuration, rather than on the first request.
	if c.authorize, err = c.newAuthorizer(); err != nil {
		return nil, err
	}
	return c, nil
}

// newSenderCore is newClientCore for a webhook sender: target is the URL
// the receiver registered, kept exactly as given (a trailing slash or a
// query are the receiver's to choose); only a fragment is refused.
func newSenderCore(target string, opts []ClientOption) (*clientCore, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("invalid webhook URL %q: %w", target, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || strings.Contains(target, "#") {
		return nil, fmt.Errorf("invalid webhook URL %q: want an absolute http or https URL without a fragment", target)
	}
	c, err := newClientCore(u.Scheme+"://"+u.Host, "", opts)
	if err != nil {
		return nil, err
	}
	c.base = target
	return c, nil
}

// apiVersion is the api-version to send: WithAPIVersion's, or def, the
// version the package was generated for. Called by every operation: not
// inlined (see setQuery).
//
//go:noinline
func (c *clientCore) apiVersion(def string) string {
	if c.cfg.apiVersion != "" {
		return c.cfg.apiVersion
	}
	return def
}

// clientRequest is one request under construction. Header names are stored
// exactly as the definition spells them: HTTP does not care, but people
// reading a trace do.
type clientRequest struct {
	operation string // the operation id, for OperationID, logs and traces
	method    string
	path      string // already escaped
	link      string // an absolute next-page link, used instead of path and query
	query     url.Values
	header    http.Header
	body      []byte
	stream    io.ReadCloser // a streamed body (setStream), sent once
	ctype     string

	// idempotent marks an operation that may be retried: GET, HEAD, PUT,
	// DELETE, or one the definition marks with x-oasgen-idempotent.
	idempotent bool
	// clientRequestID names the header (x-ms-client-request-id) that
	// carries a caller-chosen request id; empty when the operation has none.
	clientRequestID string

	err error // an opWire table that does not fit its struct: do fails with it
}

//go:noinline
func newClientRequest(method, path string) *clientRequest {
	return &clientRequest{method: method, path: path, query: url.Values{}, header: http.Header{}}
}

// setQuery, setHeader, optQuery and optHeader are called once per
// parameter of every operation: go:noinline keeps each call one
// instruction sequence, so the generated package compiles faster and in
// less memory.
//
//go:noinline
func (r *clientRequest) setQuery(name, value string) { r.query[name] = []string{value} }

func (r *clientRequest) addQuery(name, value string) { r.query[name] = append(r.query[name], value) }

//go:noinline
func (r *clientRequest) setHeader(name, value string) { r.header[name] = []string{value} }

// optQuery sets an optional query parameter when v is not nil.
//
//go:noinline
func optQuery[T any](r *clientRequest, name string, v *T, format func(T) string) {
	if v != nil {
		r.setQuery(name, format(*v))
	}
}

// objectMember is one member of an object query parameter, formatted;
// set is false for an optional member left nil.
type objectMember struct {
	name, value string
	set         bool
}

// member formats a member the object always has.
func member[T any](name string, v T, format func(T) string) objectMember {
	return objectMember{name: name, value: format(v), set: true}
}

// optMember formats an optional member, or leaves it out when nil.
func optMember[T any](name string, v *T, format func(T) string) objectMember {
	if v == nil {
		return objectMember{}
	}
	return member(name, *v, format)
}

// setQueryObject sends an object query parameter in OpenAPI's styles:
// deepObject as name[member]=value, form exploded as member=value, form
// not exploded as name=member,value,member,value. Members left out are
// not sent.
func (r *clientRequest) setQueryObject(name string, deep, explode bool, members ...objectMember) {
	var pairs []string
	for _, m := range members {
		switch {
		case !m.set:
		case deep:
			r.setQuery(name+"["+m.name+"]", m.value)
		case explode:
			r.setQuery(m.name, m.value)
		default:
			pairs = append(pairs, m.name, m.value)
		}
	}
	if !deep && !explode {
		r.setQuery(name, strings.Join(pairs, ","))
	}
}

// setQueryMap sends an object query parameter of free keys, in key order,
// in deepObject (name[key]=value) or form style (name=key,value,…).
func setQueryMap[V any](r *clientRequest, name string, deep bool, m map[string]V, format func(V) string) {
	members := make([]objectMember, 0, len(m))
	for _, k := range jwSortedKeys(m) {
		members = append(members, member(k, m[k], format))
	}
	r.setQueryObject(name, deep, false, members...)
}

// optHeader sets an optional request header when v is not nil.
//
//go:noinline
func optHeader[T any](r *clientRequest, name string, v *T, format func(T) string) {
	if v != nil {
		r.setHeader(name, format(*v))
	}
}

// newRequest starts a request of w's operation to path (escaped): its
// method, whether it may be retried, the header of a caller-chosen request
// id, and its constant query parameters (api-version, which
// WithAPIVersion replaces).
func (c *clientCore) newRequest(w *opWire, path string) *clientRequest {
	r := newClientRequest(w.method, path)
	r.operation, r.idempotent, r.clientRequestID = w.name, w.idempotent, w.requestID
	for _, k := range w.consts {
		r.setQuery(k.wire, c.apiVersion(k.value))
	}
	return r
}

// sendOptions sends the Options fields of w's table that opts (the
// method's *Options, not nil) holds; the others are calls of their own.
func (r *clientRequest) sendOptions(w *opWire, opts any) {
	v, err := w.optFields(opts)
	if err != nil {
		r.err = err
		return
	}
	for i, f := range w.opts {
		p := v.Field(w.optIdx[i])
		if p.IsNil() {
			continue
		}
		if s := wirePtrText(p, f.kind); f.header {
			r.setHeader(f.wire, s)
		} else {
			r.setQuery(f.wire, s)
		}
	}
}

// setJSON encodes v as the request body (sendable: a pointer to a struct
// goes without its read-only fields).
func (r *clientRequest) setJSON(v any, contentType string) error {
	b, err := marshalJSON(sendable(v))
	if err != nil {
		return fmt.Errorf("encoding request body: %w", err)
	}
	r.body, r.ctype = b, contentType
	return nil
}

// setBytes reads a raw request body into memory, so that it can be sent
// again.
func (r *clientRequest) setBytes(body io.Reader, contentType string) error {
	if body == nil {
		return nil
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("reading request body: %w", err)
	}
	r.body, r.ctype = b, contentType
	return nil
}

// setLink makes the request follow a next-page link. The link must stay on
// the endpoint's origin (sameOrigin): credentials are never sent
// elsewhere.
func (c *clientCore) setLink(r *clientRequest, link string) error {
	u, err := url.Parse(link)
	if err != nil {
		return fmt.Errorf("invalid next-page link %q: %w", link, err)
	}
	base, _ := url.Parse(c.base)
	if !u.IsAbs() {
		u = base.ResolveReference(u)
	}
	if !sameOrigin(u, base) {
		return fmt.Errorf("next-page link %s leaves the endpoint %s", redactURL(u), c.base)
	}
	r.link = u.String()
	return nil
}

// do sends the request, retrying an idempotent one as c.retry allows. Each
// attempt is built afresh from r (the body replayed from r.body), stamped
// and signed, so that dates and tokens are current. The response returned
// is the last attempt's; the caller closes its body.
func (c *clientCore) do(ctx context.Context, r *clientRequest) (resp *http.Response, err error) {
	if r.err != nil {
		return nil, r.err
	}
	ctx = withOperationID(ctx, r.operation)
	if c.cfg.tracer != nil {
		var end func(int, error)
		ctx, end = c.cfg.tracer.StartOperation(ctx, r.operation)
		defer func() { end(statusOf(resp), err) }()
	}
	if dst, ok := ctx.Value(captureKey{}).(**http.Response); ok && dst != nil {
		defer func() { *dst = resp }()
	}
	u := c.base + r.path
	if len(r.query) > 0 {
		sep := "?"
		if strings.Contains(u, "?") { // a webhook URL with a query of its own
			sep = "&"
		}
		u += sep + r.query.Encode()
	}
	if r.link != "" {
		u = r.link
	}
	// One id per logical call, the same on every attempt, so that the
	// service's logs tie the retries together.
	var requestID string
	if r.clientRequestID != "" {
		if _, set := lookupHeader(r.header, r.clientRequestID); !set {
			if _, set := lookupHeader(callHeader(ctx), r.clientRequestID); !set {
				requestID = NewUUID().String()
			}
		}
	}
	attempts := 1
	if r.idempotent {
		attempts = c.retry.MaxAttempts
	}
	reauthorized := false
	for attempt, n := 1, 1; ; attempt, n = attempt+1, n+1 {
		resp, err := c.attempt(ctx, r, u, requestID, n)
		if err == nil && resp.StatusCode == http.StatusUnauthorized && c.tokens != nil && !reauthorized &&
			resp.Request.Header.Get("Authorization") != "" { // not a hop that went without it (redirectPolicy)
			// The token was refused (revoked, rotated, clock skew): drop
			// it and send once more with a fresh one. The service
			// refused before acting, so this is safe for any method.
			reauthorized = true
			c.tokens.invalidate(strings.TrimPrefix(resp.Request.Header.Get("Authorization"), "Bearer "))
			discardResponse(resp)
			attempt--
			continue
		}
		if attempt >= attempts || !shouldRetry(ctx, resp, err) {
			return resp, err
		}
		delay := c.retryDelay(attempt, resp)
		if resp != nil {
			discardResponse(resp)
		}
		if err := c.sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attempt sends one attempt (the n-th on the wire), traced and logged.
func (c *clientCore) attempt(ctx context.Context, r *clientRequest, u, requestID string, n int) (*http.Response, error) {
	req, end, err := c.newAttempt(ctx, r, u, requestID, n)
	if err != nil {
		if end != nil {
			end(0, err)
		}
		return nil, err
	}
	start := time.Now()
	var reqBody []byte
	if c.cfg.logger != nil {
		reqBody = r.body
	}
	resp, err := c.hc.Do(req)
	err = redactError(err)
	if end != nil {
		end(statusOf(resp), err)
	}
	if c.cfg.logger != nil {
		c.logAttempt(ctx, r, req, reqBody, resp, err, n, time.Since(start))
	}
	return resp, err
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// newAttempt builds the n-th attempt of r; end, when not nil, ends its
// trace.
func (c *clientCore) newAttempt(ctx context.Context, r *clientRequest, u, requestID string, n int) (req *http.Request, end func(int, error), err error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	if r.stream != nil {
		body = r.stream
	}
	req, err = http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range r.header {
		req.Header[k] = append(v[:0:0], v...) // the attempt may add to its headers; r stays as built
	}
	if h, ok := lookupHeader(req.Header, "Host"); ok { // a Host header parameter: Go sends req.Host
		req.Host = h
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if c.cfg.userAgent != "" {
		req.Header.Set("User-Agent", c.cfg.userAgent)
	}
	if requestID != "" {
		req.Header[r.clientRequestID] = []string{requestID}
	}
	for k, v := range callHeader(ctx) { // WithHTTPHeader: the caller's word is last
		setCallHeader(req.Header, k, v)
	}
	if c.cfg.tracer != nil { // it may add propagation headers
		end = c.cfg.tracer.StartAttempt(ctx, r.operation, n, req)
	}
	// Signing comes last: it covers the headers set above.
	if c.authorize != nil {
		if err := c.authorize(ctx, req); err != nil {
			return nil, end, err
		}
	}
	return req, end, nil
}

// redactError drops the query from the URL in a transport error, as
// redactURL does for response errors. Credentials are never in the URL,
// but a query may carry other secrets (SAS tokens).
func redactError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			ue.URL = redactURL(u)
		}
	}
	return err
}

// responseError reads a failed response into a *ResponseError. decode, if
// not nil, turns the body into the definition's error model for that
// status; a body that does not decode leaves Err nil and Body set.
func (c *clientCore) responseError(resp *http.Response, decode func([]byte) error) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &ResponseError{
		StatusCode: resp.StatusCode,
		Method:     resp.Request.Method,
		URL:        redactURL(resp.Request.URL),
		RequestID:  resp.Header.Get(c.requestIDHeader),
		Header:     resp.Header,
		Body:       b,
	}
	if decode != nil && len(bytes.TrimSpace(b)) > 0 {
		e.Err = decode(b)
	}
	return e
}

// errorCase is one of an operation's error responses for responseError:
// an exact status, else a class (4 for 4XX), else any status.
type errorCase struct {
	status, class int
	decode        func([]byte) error
}

// errorCases returns the decoder of the first case that status matches,
// nil when none does.
func errorCases(status int, cases ...errorCase) func([]byte) error {
	for _, c := range cases {
		if c.status == status || c.status == 0 && (c.class == 0 || c.class == status/100) {
			return c.decode
		}
	}
	return nil
}

// redactURL drops the query: it may carry secrets (SAS tokens, keys).
func redactURL(u *url.URL) string {
	c := *u
	c.RawQuery, c.User = "", nil
	return c.String()
}

// errorDecodeLimit is the floor of the memory an error body (at most
// maxErrorBody bytes) may take to decode.
const errorDecodeLimit = 4 << 20

// decodeError returns a decoder for the error model T for responseError.
//
//go:noinline
func decodeError[T any, PT interface {
	*T
	error
}]() func([]byte) error {
	return func(b []byte) error {
		v := PT(new(T))
		budget := newDecodeBudget(len(b), errorDecodeLimit, "maxErrorBody")
		if err := unmarshalJSON(b, v, &budget); err != nil {
			return nil
		}
		return v
	}
}

// decodeBody reads the response body into v, at most the client's
// WithMaxResponseBytes.
func (c *clientCore) decodeBody(resp *http.Response, v any) error {
	return decodeJSON(resp, v, c.cfg.maxResponseBytes)
}

// decodeJSON reads the response body, at most max bytes, into v.
func decodeJSON(resp *http.Response, v any, max int64) error {
	var b []byte
	var err error
	if resp.ContentLength <= max { // a declared length over the limit is refused unread
		b, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
	}
	switch {
	case err != nil:
	case resp.ContentLength > max || int64(len(b)) > max:
		err = fmt.Errorf("body larger than %d bytes (see WithMaxResponseBytes)", max)
	case len(bytes.TrimSpace(b)) == 0:
		err = io.EOF // as encoding/json's Decoder reports an empty body
	default:
		budget := newDecodeBudget(len(b), max, "WithMaxResponseBytes")
		err = unmarshalJSON(b, v, &budget)
	}
	if err != nil {
		return fmt.Errorf("decoding %s response body: %w", resp.Request.Method+" "+redactURL(resp.Request.URL), err)
	}
	return nil
}

// responseHeader parses an optional response header; absent gives nil.
func responseHeader[T any](h http.Header, name string, parse func(string) (T, error)) (*T, error) {
	vs := headerValues(h, name)
	if len(vs) == 0 {
		return nil, nil
	}
	v, err := parse(vs[0])
	if err != nil {
		return nil, &HeaderError{Name: name, Value: vs[0], Err: err}
	}
	return &v, nil
}

// headerReader parses response headers, collecting those that do not
// parse, so that generated code reads each header in one line.
type headerReader struct {
	h    http.Header
	errs []*HeaderError
}

func readHeader[T any](r *headerReader, name string, parse func(string) (T, error)) *T {
	v, err := responseHeader(r.h, name, parse)
	if err != nil {
		r.errs = append(r.errs, err.(*HeaderError))
	}
	return v
}

// exchange sends req and reads the response the way most operations do:
// a status other than w's success statuses is a *ResponseError carrying
// the error model errs decodes (nil: none); else out (the method's
// *Response) gets StatusCode (when the operation has several success
// statuses), its header fields (w's table, those that do not parse in
// UnparsedHeaders) and the body, decoded into body (nil: none is read;
// nor is a 204 answer's when w says so).
func (c *clientCore) exchange(ctx context.Context, req *clientRequest, w *opWire, errs func([]byte) error, out, body any) error {
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if !w.success(resp.StatusCode) {
		return c.responseError(resp, errs)
	}
	v, err := w.headerFields(out)
	if err != nil {
		return err
	}
	if w.codeIdx >= 0 {
		v.Field(w.codeIdx).SetInt(int64(resp.StatusCode))
	}
	if w.unparsed >= 0 {
		v.Field(w.unparsed).Set(reflect.ValueOf(readHeaders(w, resp.Header, out)))
	}
	if body == nil || w.skip204 && resp.StatusCode == http.StatusNoContent {
		return nil
	}
	return c.decodeBody(resp, body)
}

// readHeaders fills the header fields of w's table in resp (the
// method's *Response) and returns the headers that do not parse, for
// UnparsedHeaders: a header that does not parse does not undo the
// operation.
func readHeaders(w *opWire, h http.Header, resp any) []*HeaderError {
	v, err := w.headerFields(resp)
	if err != nil {
		return []*HeaderError{{Err: err}}
	}
	var errs []*HeaderError
	for i, f := range w.headers {
		vs := headerValues(h, f.wire)
		if len(vs) == 0 {
			continue
		}
		fv := v.Field(w.headerIdx[i])
		p, err := wireNew(vs[0], f.kind, fv.Type())
		if err != nil {
			errs = append(errs, &HeaderError{Name: f.wire, Value: vs[0], Err: err})
			continue
		}
		fv.Set(p)
	}
	return errs
}

// readOnlyHolder is a request body whose type has read-only fields (the
// service sets them): sendBody is a copy without them (its generated
// withoutReadOnly method).
type readOnlyHolder interface{ sendBody() any }

// sendable is a request body as the client sends it: a pointer to a value
// whose type has read-only fields goes as a copy without them, any other
// as it is. One function for every body type: the generated call is the
// same whether or not the type has read-only fields, so a bump that adds
// one changes the model, not every client method that sends it.
func sendable(v any) any {
	if r, ok := v.(readOnlyHolder); ok {
		return r.sendBody()
	}
	return v
}
