package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/oasgen/oasgen/internal/proc"
)

// sample is one whole-process run.
type sample struct {
	Wall     time.Duration
	CPU      time.Duration // user + system, of the process and its waited-for children
	MaxRSSKB int64         // rusage ru_maxrss (KiB on Linux)
	Err      error         // non-nil when the process failed, timed out or was killed
	Output   string        // tail of stdout+stderr
}

// runOpts bound one run.
type runOpts struct {
	Dir     string
	Env     []string
	Timeout time.Duration
	MaxRSS  int64 // bytes; 0 = unbounded (polled from /proc, the group is killed above it)
}

// runMeasured runs argv in its own process group and measures wall time
// from start to exit, CPU time and peak resident memory from the rusage
// that wait4 returns (ProcessState.SysUsage).
func runMeasured(ctx context.Context, argv []string, o runOpts) sample {
	var s sample
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = o.Dir
	cmd.Env = o.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out tailBuffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		s.Err = err
		return s
	}
	var oom atomic.Bool
	done := make(chan struct{})
	var wg sync.WaitGroup
	if o.MaxRSS > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(50 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					if proc.VmRSS(cmd.Process.Pid) > o.MaxRSS {
						oom.Store(true)
						syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
						return
					}
				}
			}
		}()
	}
	err := cmd.Wait()
	s.Wall = time.Since(start)
	close(done)
	wg.Wait()
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // leftovers of the group, if any
	s.Output = out.String()
	if ps := cmd.ProcessState; ps != nil {
		s.CPU = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			s.MaxRSSKB = ru.Maxrss
		}
	}
	switch {
	case oom.Load():
		s.Err = fmt.Errorf("killed: resident memory above %d MiB", o.MaxRSS>>20)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		s.Err = fmt.Errorf("timeout after %s", o.Timeout)
	case err != nil:
		msg := lastLine(s.Output)
		if msg == "" {
			msg = err.Error()
		}
		s.Err = errors.New(msg)
	}
	return s
}

// tailBuffer keeps the last 16 KiB written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

const tailMax = 16 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - tailMax; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// lastLine is the most telling line of a failed run's output: the first
// "panic:" line, else the last line mentioning an error, else the last
// non-empty line; at most 200 bytes.
func lastLine(out string) string {
	var pick string
	lines := strings.Split(out, "\n")
	for _, l := range lines {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") {
			return clip(l, 200)
		}
	}
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if pick == "" || strings.Contains(strings.ToLower(l), "error") {
			pick = l
		}
	}
	return clip(pick, 200)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}

// median of durations (the mean of the two middle values for an even count).
func medianDur(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianInt(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func minDur(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	m := d[0]
	for _, x := range d[1:] {
		m = min(m, x)
	}
	return m
}

// goStats describes the Go files under a folder.
type goStats struct {
	Files, Lines int
	Bytes        int64
	// UntypedTypes and UntypedFields count package-level named types and
	// struct fields whose type is interface{}/any, json.RawMessage or
	// jx.Raw, possibly behind pointers, slices or map values: the places
	// where a generator gave up on a schema (see countUntyped).
	UntypedTypes, UntypedFields int
}

func countGo(dir string) (goStats, error) {
	var st goStats
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st.Files++
		st.Bytes += int64(len(data))
		st.Lines += bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			st.Lines++
		}
		ut, uf := countUntyped(data)
		st.UntypedTypes += ut
		st.UntypedFields += uf
		return nil
	})
	return st, err
}
