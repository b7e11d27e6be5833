package support

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// headerKey and captureKey key the per-call context values.
type (
	headerKey  struct{}
	captureKey struct{}
)

// WithHTTPHeader returns a context that makes every client call made with
// it send h as well: for one call, a header the definition does not
// declare (a tracing or feature header). A header of h replaces one the
// client would set; credentials are added after it and cannot be replaced.
func WithHTTPHeader(ctx context.Context, h http.Header) context.Context {
	return context.WithValue(ctx, headerKey{}, h.Clone())
}

func callHeader(ctx context.Context) http.Header {
	h, _ := ctx.Value(headerKey{}).(http.Header)
	return h
}

// setCallHeader replaces every spelling of k in h: the client stores
// headers as the definition spells them, not canonically.
func setCallHeader(h http.Header, k string, v []string) {
	for old := range h {
		if strings.EqualFold(old, k) {
			delete(h, old)
		}
	}
	h[k] = append(v[:0:0], v...)
}

// WithCaptureResponse returns a context that makes a client call made with
// it store the raw *http.Response of its last attempt in *dst, on success
// as on failure: status, headers, the request sent (resp.Request). For a
// JSON operation the body has already been read and closed; for a
// streamed one it is the response's body.
func WithCaptureResponse(ctx context.Context, dst **http.Response) context.Context {
	return context.WithValue(ctx, captureKey{}, dst)
}

// WithTracer reports every call and attempt to t.
func WithTracer(t Tracer) ClientOption {
	return func(cfg *clientConfig) { cfg.tracer = t }
}

// WithLogger writes one log record per attempt to l: operation id, method,
// URL (query values redacted unless allowed), status, duration, attempt
// number, request ids, and headers (values redacted unless allowed; see
// LogOptions). Credentials never appear.
func WithLogger(l *slog.Logger) ClientOption {
	return func(cfg *clientConfig) { cfg.logger = l }
}

// WithLogOptions says what WithLogger's records may show.
func WithLogOptions(o LogOptions) ClientOption {
	return func(cfg *clientConfig) { cfg.logOpts = o }
}

// LogOptions says which header and query values a log record shows; all
// others read "REDACTED". Whatever is allowed, the values of credentials
// (Authorization, Shared Key signatures, cookies, and every header or query
// parameter whose name holds key, token, secret, signature, password or
// credential, and sig and code) are never shown.
type LogOptions struct {
	// AllowedHeaders are shown in addition to the defaults (request ids,
	// dates, content type and length, ETag, Retry-After, User-Agent).
	AllowedHeaders []string
	// AllowedQueryParams are shown in addition to api-version.
	AllowedQueryParams []string
	// BodyBytes > 0 adds the first BodyBytes bytes of a JSON request body
	// to the records. Bodies may hold secrets (passwords, keys): enable
	// this only where the logs are as safe as the data.
	BodyBytes int
}

var defaultLogHeaders = []string{
	"Accept", "client-request-id", "Content-Length", "Content-Type", "Date", "ETag", "Last-Modified",
	"Location", "ocp-date", "request-id", "Retry-After", "retry-after-ms", "return-client-request-id",
	"User-Agent", "x-ms-client-request-id", "x-ms-request-id", "x-ms-retry-after-ms",
}

func (o LogOptions) normalized() LogOptions {
	o.AllowedHeaders = append(o.AllowedHeaders[:len(o.AllowedHeaders):len(o.AllowedHeaders)], defaultLogHeaders...)
	o.AllowedQueryParams = append(o.AllowedQueryParams[:len(o.AllowedQueryParams):len(o.AllowedQueryParams)], "api-version")
	return o
}

const redacted = "REDACTED"

// secretName reports a header or query name whose value is never logged.
func secretName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "sig", "code", "www-authenticate":
		return true
	}
	for _, s := range []string{"key", "token", "secret", "signature", "password", "credential", "auth"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func allowed(list []string, name string) bool {
	if secretName(name) {
		return false
	}
	for _, a := range list {
		if strings.EqualFold(a, name) {
			return true
		}
	}
	return false
}

// logURL is u with the values of query parameters that are not allowed
// replaced by REDACTED, and no user information.
func (o LogOptions) logURL(u *url.URL) string {
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			c.RawQuery = redacted
			return c.String()
		}
		for k, vs := range q {
			if !allowed(o.AllowedQueryParams, k) {
				for i := range vs {
					vs[i] = redacted
				}
			}
		}
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// scrub replaces the values of u's query parameters that are not allowed
// wherever they occur in text (a transport error may quote the URL).
func (o LogOptions) scrub(text string, u *url.URL) string {
	q, _ := url.ParseQuery(u.RawQuery)
	for k, vs := range q {
		if allowed(o.AllowedQueryParams, k) {
			continue
		}
		for _, v := range vs {
			if len(v) >= 4 {
				text = strings.ReplaceAll(text, v, redacted)
				text = strings.ReplaceAll(text, url.QueryEscape(v), redacted)
			}
		}
	}
	return text
}

// logHeaders is h as a log group, values redacted unless allowed.
func (o LogOptions) logHeaders(key string, h http.Header) slog.Attr {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	attrs := make([]any, 0, len(names))
	for _, k := range names {
		v := redacted
		if allowed(o.AllowedHeaders, k) {
			v = strings.Join(h[k], ", ")
		}
		attrs = append(attrs, slog.String(k, v))
	}
	return slog.Group(key, attrs...)
}

// logAttempt writes the record of one attempt. err has been redacted.
func (c *clientCore) logAttempt(ctx context.Context, r *clientRequest, req *http.Request, body []byte, resp *http.Response, err error, n int, d time.Duration) {
	o := c.cfg.logOpts
	level := slog.LevelInfo
	attrs := []slog.Attr{
		slog.String("operation", r.operation),
		slog.String("method", req.Method),
		slog.String("url", o.logURL(req.URL)),
		slog.Int("attempt", n),
		slog.Duration("duration", d),
	}
	if r.clientRequestID != "" {
		id, _ := lookupHeader(req.Header, r.clientRequestID)
		attrs = append(attrs, slog.String("client_request_id", id))
	}
	attrs = append(attrs, o.logHeaders("request_headers", req.Header))
	if o.BodyBytes > 0 && len(body) > 0 && strings.Contains(r.ctype, "json") {
		attrs = append(attrs, slog.String("request_body", string(body[:min(len(body), o.BodyBytes)])))
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := headerValues(resp.Header, c.requestIDHeader); c.requestIDHeader != "" && len(id) > 0 {
			attrs = append(attrs, slog.String("request_id", id[0]))
		}
		attrs = append(attrs, o.logHeaders("response_headers", resp.Header))
		if resp.StatusCode >= 400 {
			level = slog.LevelWarn
		}
	}
	if err != nil {
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", o.scrub(err.Error(), req.URL)))
	}
	c.cfg.logger.LogAttrs(ctx, level, "http attempt", attrs...)
}

// maxEmptyPages is how many empty pages in a row a pager accepts before it
// gives up on a server that keeps sending next links without items.
const maxEmptyPages = 100

// pageGuard stops a pager that would never end: a next link seen before,
// too many empty pages in a row, or more than WithMaxPages pages.
type pageGuard struct {
	op           string
	max          int
	seen         map[string]struct{}
	pages, empty int
}

func (c *clientCore) newPageGuard(op string) *pageGuard {
	return &pageGuard{op: op, max: c.cfg.maxPages, seen: map[string]struct{}{}}
}

// next records a page with items items and the link it points to, and
// returns an error if the pager must stop.
func (g *pageGuard) next(link string, items int) error {
	g.pages++
	if items == 0 {
		g.empty++
	} else {
		g.empty = 0
	}
	shown := link
	if u, err := url.Parse(link); err == nil {
		shown = redactURL(u)
	}
	switch _, seen := g.seen[link]; {
	case seen:
		return fmt.Errorf("%s: next-page link %s repeats after %d pages", g.op, shown, g.pages)
	case g.empty >= maxEmptyPages:
		return fmt.Errorf("%s: %d empty pages in a row, each with a next link", g.op, g.empty)
	case g.pages >= g.max:
		return fmt.Errorf("%s: more than %d pages (see WithMaxPages)", g.op, g.max)
	}
	g.seen[link] = struct{}{}
	return nil
}
