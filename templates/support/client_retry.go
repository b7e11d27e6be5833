package support

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RetryPolicy says how the client retries an idempotent operation after a
// connection error or a 408, 429, 500, 502, 503 or 504 response.
// Operations that are not idempotent are never retried: the service may
// already have acted on the first attempt.
//
// Between attempts the client waits a random time between zero and
// BaseDelay·2ⁿ⁻¹ (after the n-th attempt), at most MaxDelay, or what the
// response's Retry-After header asks for, again at most MaxDelay. A zero
// field takes its default: 4 attempts, 200ms base, 10s max.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, including the first; 1 disables retries
	BaseDelay   time.Duration // the backoff ceiling after the first attempt
	MaxDelay    time.Duration // no wait is longer than this
}

// The policy of a client without WithRetry (constants: no package state).
const (
	defaultMaxAttempts = 4
	defaultBaseDelay   = 200 * time.Millisecond
	defaultMaxDelay    = 10 * time.Second
)

// WithRetry sets the retry policy; WithRetry(RetryPolicy{MaxAttempts: 1})
// turns retries off.
func WithRetry(p RetryPolicy) ClientOption {
	return func(cfg *clientConfig) { cfg.retry = p }
}

// normalized fills in the defaults.
func (p RetryPolicy) normalized() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = defaultMaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = defaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = defaultMaxDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	return p
}

// retryableStatus are the statuses that say "try again later": the request
// timed out, was throttled, or met a transient server fault.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// shouldRetry reports whether the outcome of one attempt is worth
// retrying. The caller has checked that the operation is idempotent and
// attempts remain.
func shouldRetry(ctx context.Context, resp *http.Response, err error) bool {
	if ctx.Err() != nil {
		return false // the caller has given up
	}
	if err != nil {
		return isConnError(err)
	}
	return retryableStatus(resp.StatusCode)
}

// isConnError reports whether err is a failure to reach the server or a
// connection dropped mid-exchange, which another attempt may not meet.
// Context errors (including http.Client.Timeout), certificate errors and
// unknown hosts are final: retrying cannot help.
func isConnError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	// *url.Error implements net.Error too, so look for the dial, read or
	// write error beneath it.
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	// A connection the server closed surfaces as EOF, or, when it closed
	// before the request was written, as net/http's unexported
	// errServerClosedIdle, known only by its text.
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		strings.Contains(err.Error(), "http: server closed idle connection")
}

// retryDelay is how long to wait after the given attempt (1-based). resp
// is the attempt's response, nil after a connection error.
func (c *clientCore) retryDelay(attempt int, resp *http.Response) time.Duration {
	p := c.retry
	if resp != nil {
		// Azure's millisecond headers first: they are more precise.
		for _, h := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
			if ms, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get(h)), 10, 64); err == nil && ms >= 0 {
				return min(time.Duration(min(ms, int64(24*time.Hour/time.Millisecond)))*time.Millisecond, p.MaxDelay)
			}
		}
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now); ok {
			return min(d, p.MaxDelay) // the server knows best, but a client must not hang for hours
		}
	}
	ceiling := p.MaxDelay
	// BaseDelay << (attempt-1), stopping before it overflows or passes MaxDelay.
	if attempt-1 < 63 {
		if d := p.BaseDelay << (attempt - 1); d>>(attempt-1) == p.BaseDelay && d > 0 && d < ceiling {
			ceiling = d
		}
	}
	return c.jitter(ceiling)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
func parseRetryAfter(v string, now func() time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) { // avoid overflow; capped by MaxDelay anyway
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now()), 0), true
	}
	return 0, false
}

// newJitter returns the default jitter: a uniformly random duration in
// [0, ceiling] ("full jitter", so that clients throttled together do not
// retry together). Each core has its own generator, seeded from the
// runtime's random source; *rand.Rand is not safe for concurrent use, so a
// mutex guards it.
func newJitter() func(time.Duration) time.Duration {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	return func(ceiling time.Duration) time.Duration {
		if ceiling <= 0 {
			return 0
		}
		mu.Lock()
		defer mu.Unlock()
		return time.Duration(rng.Int64N(int64(ceiling) + 1))
	}
}

// sleepCtx waits for d, or until ctx is done, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// maxDrain bounds how much of a response that is about to be retried is
// read: draining lets the connection be reused, but not at any cost.
const maxDrain = 64 << 10

// discardResponse drains and closes a response that is not returned.
func discardResponse(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, maxDrain)
	resp.Body.Close()
}
