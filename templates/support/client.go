package support

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ClientOption configures a Client.
type ClientOption func(*clientConfig)

type clientConfig struct {
	httpClient *http.Client
	userAgent  string
}

// WithHTTPClient sets the *http.Client used for every request; the default
// is http.DefaultClient.
func WithHTTPClient(c *http.Client) ClientOption {
	return func(cfg *clientConfig) { cfg.httpClient = c }
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) ClientOption {
	return func(cfg *clientConfig) { cfg.userAgent = ua }
}

// clientCore is what every operation group's client shares.
type clientCore struct {
	base            string // endpoint without a trailing slash
	cfg             clientConfig
	requestIDHeader string
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
	c := &clientCore{base: strings.TrimSuffix(endpoint, "/"), requestIDHeader: requestIDHeader}
	for _, o := range opts {
		o(&c.cfg)
	}
	if c.cfg.httpClient == nil {
		c.cfg.httpClient = http.DefaultClient
	}
	return c, nil
}

// clientRequest is one request under construction. Header names are stored
// exactly as the definition spells them: HTTP does not care, but people
// reading a trace do.
type clientRequest struct {
	method string
	path   string // already escaped
	link   string // an absolute next-page link, used instead of path and query
	query  url.Values
	header http.Header
	body   []byte
	ctype  string

	// idempotent marks an operation that may be retried: GET, HEAD, PUT,
	// DELETE, or one the definition marks with x-oasgen-idempotent.
	idempotent bool
	// clientRequestID names the header (x-ms-client-request-id) that
	// carries a caller-chosen request id; empty when the operation has none.
	clientRequestID string
}

func newClientRequest(method, path string) *clientRequest {
	return &clientRequest{method: method, path: path, query: url.Values{}, header: http.Header{}}
}

func (r *clientRequest) setQuery(name, value string) { r.query[name] = []string{value} }

func (r *clientRequest) addQuery(name, value string) { r.query[name] = append(r.query[name], value) }

func (r *clientRequest) setHeader(name, value string) { r.header[name] = []string{value} }

// setJSON encodes v as the request body.
func (r *clientRequest) setJSON(v any, contentType string) error {
	b, err := json.Marshal(v)
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
// the endpoint's scheme and host: credentials are never sent elsewhere.
func (c *clientCore) setLink(r *clientRequest, link string) error {
	u, err := url.Parse(link)
	if err != nil {
		return fmt.Errorf("invalid next-page link %q: %w", link, err)
	}
	base, _ := url.Parse(c.base)
	if !u.IsAbs() {
		u = base.ResolveReference(u)
	}
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return fmt.Errorf("next-page link %s leaves the endpoint %s", redactURL(u), c.base)
	}
	r.link = u.String()
	return nil
}

func (c *clientCore) do(ctx context.Context, r *clientRequest) (*http.Response, error) {
	u := c.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	if r.link != "" {
		u = r.link
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if c.cfg.userAgent != "" {
		req.Header.Set("User-Agent", c.cfg.userAgent)
	}
	return c.cfg.httpClient.Do(req)
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
		Body:       b,
	}
	if decode != nil && len(bytes.TrimSpace(b)) > 0 {
		e.Err = decode(b)
	}
	return e
}

// redactURL drops the query: it may carry secrets (SAS tokens, keys).
func redactURL(u *url.URL) string {
	c := *u
	c.RawQuery, c.User = "", nil
	return c.String()
}

// decodeError returns a decoder for the error model T for responseError.
func decodeError[T any, PT interface {
	*T
	error
}]() func([]byte) error {
	return func(b []byte) error {
		v := PT(new(T))
		if err := json.Unmarshal(b, v); err != nil {
			return nil
		}
		return v
	}
}

// decodeJSON reads the response body into v.
func decodeJSON(resp *http.Response, v any) error {
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("decoding %s response body: %w", resp.Request.Method+" "+redactURL(resp.Request.URL), err)
	}
	return nil
}

// responseHeader parses an optional response header; absent gives nil.
func responseHeader[T any](h http.Header, name string, parse func(string) (T, error)) (*T, error) {
	vs := h.Values(name)
	if len(vs) == 0 {
		return nil, nil
	}
	v, err := parse(vs[0])
	if err != nil {
		return nil, fmt.Errorf("response header %s: %w", name, err)
	}
	return &v, nil
}

// errResponseHeaders joins header parse failures into one error.
func errResponseHeaders(errs ...error) error { return errors.Join(errs...) }
