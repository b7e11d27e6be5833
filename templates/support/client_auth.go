package support

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WithSharedKey signs every request with the account's Shared Key, the way
// the Azure Batch service documents it. key is the base64 account key as
// the portal shows it; NewClient reports a key that does not decode.
//
// The client sets the ocp-date header on each attempt unless the caller
// set one, so that a retried request carries a fresh date.
func WithSharedKey(account, key string) ClientOption {
	return func(cfg *clientConfig) { cfg.sharedKey = &sharedKeyConfig{account: account, key: key} }
}

// WithTokenSource sends `Authorization: Bearer <token>` with every request,
// for services that take OAuth2 (Microsoft Entra ID) tokens. source is
// called for the first request and again shortly before the token it last
// returned expires; concurrent requests share one call. A zero expiry means
// "unknown": such a token is not cached, so source is called for every
// attempt.
func WithTokenSource(source func(ctx context.Context) (token string, expiry time.Time, err error)) ClientOption {
	return func(cfg *clientConfig) { cfg.tokenSource = source }
}

// sharedKeyConfig is held by pointer so that printing a config (%+v in a
// test failure, say) shows an address, not the key.
type sharedKeyConfig struct {
	account, key string
}

// authorizer adds credentials to one attempt. It is a closure so that the
// secrets it captures are never printed along with the clientCore.
type authorizer func(ctx context.Context, req *http.Request) error

// tokenRefreshMargin is how long before its expiry a cached token is
// replaced: a token must not expire between being attached to a request
// and the service checking it, and clocks drift.
const tokenRefreshMargin = 2 * time.Minute

// newAuthorizer builds the authorizer the options ask for, or nil when the
// client sends no credentials. Errors never include the key.
func (c *clientCore) newAuthorizer() (authorizer, error) {
	sk, ts := c.cfg.sharedKey, c.cfg.tokenSource
	switch {
	case sk != nil && ts != nil:
		return nil, errors.New("WithSharedKey and WithTokenSource cannot be used together")
	case sk != nil:
		if sk.account == "" {
			return nil, errors.New("invalid shared key: the account name is empty")
		}
		// The decode error is dropped: it only gives an offset, but a
		// message that quotes the input would leak the key.
		key, err := base64.StdEncoding.DecodeString(sk.key)
		if err != nil || len(key) == 0 {
			return nil, errors.New("invalid shared key for account " + strconv.Quote(sk.account) + ": want the base64 account key")
		}
		account := sk.account
		return func(_ context.Context, req *http.Request) error {
			if _, ok := lookupHeader(req.Header, "ocp-date"); !ok {
				req.Header["ocp-date"] = []string{formatRFC1123(c.now())}
			}
			mac := hmac.New(sha256.New, key)
			mac.Write([]byte(sharedKeyStringToSign(account, req)))
			req.Header.Set("Authorization", "SharedKey "+account+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
			return nil
		}, nil
	case ts != nil:
		tc := &tokenCache{source: ts, now: func() time.Time { return c.now() }}
		c.tokens = tc
		return func(ctx context.Context, req *http.Request) error {
			tok, err := tc.token(ctx)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			return nil
		}, nil
	}
	return nil, nil
}

// redirectPolicy is the CheckRedirect of the client's copy of the
// caller's *http.Client: credentials go only to the endpoint's origin, the
// rule setLink applies to next-page links. Go's own policy copies
// Authorization to a redirect that changes only the port or the scheme
// (https to http included) or that goes to a subdomain. Here a hop that
// leaves the origin of the first request goes without Authorization, and
// so does every hop after it, even one back to the origin: a foreign
// server must not choose what the client signs. A hop that stays is
// signed afresh, since a Shared Key signature covers the method, the
// path and the query, which a redirect changes (the ocp-date and the
// request id are carried over: they are no secrets). Cookies are the
// jar's business. next is the caller's own CheckRedirect, called after
// the credentials are removed and before the hop is signed (so that a
// header it sets is signed too); without one, Go's default stops after 10
// redirects.
func (c *clientCore) redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		stays := sameOrigin(req.URL, via[0].URL)
		for _, r := range via[1:] {
			stays = stays && sameOrigin(r.URL, via[0].URL)
		}
		if !stays {
			for k := range req.Header {
				if strings.EqualFold(k, "Authorization") {
					delete(req.Header, k)
				}
			}
		}
		var err error
		switch {
		case next != nil:
			err = next(req, via)
		case len(via) >= 10:
			err = errors.New("stopped after 10 redirects")
		}
		if err == nil && stays && c.authorize != nil {
			err = c.authorize(req.Context(), req)
		}
		return err
	}
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (a missing port being the scheme's default), as browsers define an
// origin.
func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		switch strings.ToLower(u.Scheme) {
		case "http":
			return "80"
		case "https":
			return "443"
		}
		return ""
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// sharedKeyStringToSign is the Batch service's StringToSign for req. The
// request must be complete: Content-Length comes from req.ContentLength,
// the resource from the URL as it will be sent.
func sharedKeyStringToSign(account string, req *http.Request) string {
	var b strings.Builder
	b.WriteString(req.Method)
	b.WriteByte('\n')
	for _, name := range []string{"Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type",
		"Date", "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"} {
		var v string
		switch name {
		case "Content-Length":
			// The transport writes the header from ContentLength; the
			// service signs an empty string for an empty body.
			if req.ContentLength > 0 {
				v = strconv.FormatInt(req.ContentLength, 10)
			}
		case "Date":
			// Always empty: the client signs ocp-date instead, because
			// proxies may rewrite Date.
		default:
			v, _ = lookupHeader(req.Header, name)
		}
		b.WriteString(v)
		b.WriteByte('\n')
	}

	// CanonicalizedHeaders: every ocp-* header, lower-cased and sorted.
	// Header names are stored as the definition spells them, so two keys
	// may differ only in case; their values are merged.
	ocp := map[string][]string{}
	for k, vs := range req.Header {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "ocp-") {
			for _, v := range vs {
				ocp[lk] = append(ocp[lk], strings.TrimSpace(v))
			}
		}
	}
	for _, k := range jwSortedKeys(ocp) {
		b.WriteString(k + ":" + strings.Join(ocp[k], ",") + "\n")
	}

	// CanonicalizedResource: the escaped path exactly as sent, then the
	// decoded query parameters, sorted by lower-cased name.
	path := req.URL.EscapedPath()
	if path == "" {
		path = "/" // what the transport sends for an empty path
	}
	b.WriteString("/" + account + path)
	q, _ := url.ParseQuery(req.URL.RawQuery) // the URL was built from url.Values, so it parses
	params := map[string][]string{}
	for k, vs := range q {
		lk := strings.ToLower(k)
		params[lk] = append(params[lk], vs...)
	}
	for _, k := range jwSortedKeys(params) {
		vs := params[k]
		sort.Strings(vs)
		b.WriteString("\n" + k + ":" + strings.Join(vs, ","))
	}
	return b.String()
}

// lookupHeader finds a header whatever the case of its stored name, and
// joins several values with commas.
func lookupHeader(h http.Header, name string) (string, bool) {
	var vs []string
	found := false
	for k, v := range h {
		if strings.EqualFold(k, name) {
			vs, found = append(vs, v...), true
		}
	}
	return strings.Join(vs, ","), found
}

// tokenCache holds the current bearer token. Concurrent callers that find
// it stale share one call to source: the first becomes the leader and the
// others wait for it (or for their own context).
type tokenCache struct {
	source func(context.Context) (string, time.Time, error)
	now    func() time.Time

	mu         sync.Mutex
	tok        string
	expiry     time.Time
	refreshing chan struct{} // non-nil while a leader calls source; closed when it is done
}

// invalidate drops the cached token if it is tok, which the service has
// just refused (401): a revoked or rotated token is not used again for
// the rest of its lifetime.
func (tc *tokenCache) invalidate(tok string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.tok == tok {
		tc.tok, tc.expiry = "", time.Time{}
	}
}

func (tc *tokenCache) token(ctx context.Context) (string, error) {
	for {
		tc.mu.Lock()
		if tc.tok != "" && tc.now().Before(tc.expiry.Add(-tokenRefreshMargin)) {
			tok := tc.tok
			tc.mu.Unlock()
			return tok, nil
		}
		if wait := tc.refreshing; wait != nil {
			tc.mu.Unlock()
			select {
			case <-wait:
				// Look again: the leader stored a token, or failed and
				// the next caller through becomes the leader.
				continue
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		done := make(chan struct{})
		tc.refreshing = done
		tc.mu.Unlock()

		tok, expiry, err := tc.source(ctx)
		if err == nil && tok == "" {
			err = errors.New("the token source returned an empty token")
		}

		tc.mu.Lock()
		tc.refreshing = nil
		close(done)
		if err != nil {
			tc.mu.Unlock()
			// Only the source's own text: the client never puts a token
			// into an error.
			return "", fmt.Errorf("getting an access token: %w", err)
		}
		if !expiry.IsZero() { // an unknown expiry is not cached
			tc.tok, tc.expiry = tok, expiry
		}
		tc.mu.Unlock()
		// The token is used for this request even if it expires within
		// the margin: it is as fresh as the source can make it.
		return tok, nil
	}
}
