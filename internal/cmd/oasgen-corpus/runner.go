package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/oasgen/oasgen/internal/proc"
)

// limits bound one generator run.
type limits struct {
	Timeout  time.Duration
	MaxRSS   int64 // bytes; 0 = unbounded
	MaxFile  int64 // bytes, RLIMIT_FSIZE via prlimit when available; 0 = unbounded
	Prlimit  string
	PollRSS  time.Duration
	OutLimit int // bytes of stdout+stderr kept (head and tail)
}

// runOutcome is what one subprocess run produced.
type runOutcome struct {
	ExitCode  int
	Signal    string
	TimedOut  bool
	OOMKilled bool
	Seconds   float64
	PeakRSSKB int64
	Output    string // captured stderr+stdout (capped)
	StartErr  error
}

// runLimited runs argv in its own process group with a wall-clock timeout
// and a resident-memory bound. The memory bound is enforced by polling
// /proc/PID/status (VmRSS) and killing the process group: RLIMIT_AS is not
// usable for Go programs, which reserve far more address space than they
// touch (with RLIMIT_AS=2GiB a Go program dies at ~0.9 GiB of heap).
func runLimited(ctx context.Context, argv []string, dir string, env []string, lim limits) runOutcome {
	if lim.MaxFile > 0 && lim.Prlimit != "" {
		argv = append([]string{lim.Prlimit, "--fsize=" + strconv.FormatInt(lim.MaxFile, 10), "--"}, argv...)
	}
	var out runOutcome
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// Kill the whole group: the generator and anything it started.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 5 * time.Second
	buf := newCappedBuffer(lim.OutLimit)
	cmd.Stdout = buf
	cmd.Stderr = buf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		out.StartErr = err
		out.ExitCode = -1
		return out
	}
	var oom atomic.Bool
	done := make(chan struct{})
	var wg sync.WaitGroup
	if lim.MaxRSS > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			poll := lim.PollRSS
			if poll <= 0 {
				poll = 50 * time.Millisecond
			}
			t := time.NewTicker(poll)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					if rss := proc.VmRSS(cmd.Process.Pid); rss > lim.MaxRSS {
						oom.Store(true)
						syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
						return
					}
				}
			}
		}()
	}
	err := cmd.Wait()
	close(done)
	wg.Wait()
	out.Seconds = time.Since(start).Seconds()
	// Make sure nothing of the group survives (a generator may leave
	// children behind even when it exits normally).
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	out.Output = buf.String()
	out.OOMKilled = oom.Load()
	out.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded) && !out.OOMKilled
	if ps := cmd.ProcessState; ps != nil {
		out.ExitCode = ps.ExitCode()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			out.PeakRSSKB = ru.Maxrss // kilobytes on Linux
		}
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			out.Signal = ws.Signal().String()
		}
	} else if err != nil {
		out.ExitCode = -1
		out.StartErr = err
	}
	if lim.MaxRSS > 0 && out.PeakRSSKB*1024 > lim.MaxRSS && out.Signal != "" {
		out.OOMKilled = true
		out.TimedOut = false
	}
	return out
}

// cappedBuffer keeps the first and last limit/2 bytes written to it, so a
// generator that prints gigabytes cannot exhaust the runner's memory.
type cappedBuffer struct {
	mu      sync.Mutex
	limit   int
	head    bytes.Buffer
	tail    []byte
	dropped int64
}

func newCappedBuffer(limit int) *cappedBuffer {
	if limit <= 0 {
		limit = 128 << 10
	}
	return &cappedBuffer{limit: limit}
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	half := b.limit / 2
	if room := half - b.head.Len(); room > 0 {
		k := min(room, len(p))
		b.head.Write(p[:k])
		p = p[k:]
	}
	if len(p) > 0 {
		b.tail = append(b.tail, p...)
		if over := len(b.tail) - half; over > 0 {
			b.dropped += int64(over)
			b.tail = append(b.tail[:0], b.tail[over:]...)
		}
	}
	return n, nil
}

func (b *cappedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dropped > 0 {
		return b.head.String() + "\n[... " + strconv.FormatInt(b.dropped, 10) + " bytes dropped ...]\n" + string(b.tail)
	}
	return b.head.String() + string(b.tail)
}

var goroutineTrace = regexp.MustCompile(`(?m)^goroutine \d+ \[`)

// looksPanicked reports whether output carries a Go panic or fatal runtime
// error.
func looksPanicked(output string) bool {
	return strings.Contains(output, "panic:") || strings.Contains(output, "fatal error:") || goroutineTrace.MatchString(output)
}

var (
	errorish = regexp.MustCompile(`(?i)\b(error|failed|fail|cannot|invalid|unsupported|not implemented|panic)\b`)
	// Structured log lines (zap console format and the like) are noise.
	logLine = regexp.MustCompile(`^(?:DEBUG|INFO|WARN|WARNING)\b`)
)

// firstErrorLine picks the most telling line of a failed run's output: the
// panic line for panics, else the first line that reads like an error,
// else the first non-empty line that is not a log line. An error that is
// printed as a chain ("generate:" followed by indented "- cause:" lines, as
// go-faster/errors does) is joined into one line. The result is trimmed to
// max runes.
func firstErrorLine(output string, max int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(output))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			lines = append(lines, line)
		}
	}
	pick := -1
	for i, line := range lines {
		if strings.HasPrefix(line, "panic:") || strings.HasPrefix(line, "fatal error:") {
			pick = i
			break
		}
	}
	if pick < 0 {
		for i, line := range lines {
			if !logLine.MatchString(line) && errorish.MatchString(line) {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		for i, line := range lines {
			if !logLine.MatchString(line) {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		if len(lines) == 0 {
			return ""
		}
		pick = 0
	}
	line := lines[pick]
	if strings.HasSuffix(line, ":") {
		for _, l := range lines[pick+1:] {
			if cause, ok := strings.CutPrefix(l, "- "); ok {
				line += " " + cause
			}
		}
		line = strings.TrimSuffix(line, ":")
	}
	return truncate(line, max)
}

func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// countGoFiles returns the number of .go files under dir and their total
// size.
func countGoFiles(dir string) (n int, size int64) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			n++
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		}
		return nil
	})
	return n, size
}
