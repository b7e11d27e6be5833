package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeGenerator behaves like `oasgen -o DIR -package NAME SPEC`, with the
// outcome chosen by the spec's base name.
const fakeGenerator = `package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "", "")
	pkg := flag.String("package", "", "")
	flag.Parse()
	name := strings.TrimSuffix(filepath.Base(flag.Arg(0)), ".json")
	write := func(src string) {
		os.MkdirAll(*out, 0o755)
		os.WriteFile(filepath.Join(*out, "gen.go"), []byte("package "+*pkg+"\n\n"+src), 0o644)
	}
	switch name {
	case "ok":
		write("func Hello() string { return \"hi\" }\n")
	case "noisy":
		line := strings.Repeat("chatter ", 100) + "\n"
		for range 20000 {
			os.Stderr.WriteString(line)
		}
		write("const X = 1\n")
	case "badgo":
		write("func F() int { return \"x\" }\n")
	case "fail":
		fmt.Fprintln(os.Stderr, "INFO loading")
		fmt.Fprintln(os.Stderr, "error: load spec: resolve \"#/components/schemas/Nope\": not found")
		os.Exit(1)
	case "empty":
	case "panic":
		var m map[string]int
		m["x"] = 1
	case "hang":
		c := exec.Command("sleep", "300")
		c.Stdout, c.Stderr = os.Stdout, os.Stderr
		c.Start()
		os.WriteFile(filepath.Join(os.Getenv("FAKE_PIDDIR"), "hang.pid"), []byte(fmt.Sprint(c.Process.Pid)), 0o644)
		time.Sleep(time.Hour)
	case "hog":
		var keep [][]byte
		for range 1000 {
			b := make([]byte, 1<<20)
			for i := range b {
				b[i] = 1
			}
			keep = append(keep, b)
		}
		time.Sleep(time.Hour)
	}
}
`

func buildFake(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module fakegen\n\ngo 1.24\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(fakeGenerator), 0o644)
	bin := filepath.Join(dir, "fakegen")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building fake generator: %v\n%s", err, out)
	}
	return bin
}

// TestMain lets the test binary serve as the go/types checker process,
// which the runner starts as os.Executable() -typecheck-worker.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == "-typecheck-worker" {
		if err := typecheckWorker(os.Stdout, os.Args[2], os.Args[3:]); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestRunEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a fake generator")
	}
	bin := buildFake(t)
	for _, mode := range []string{"types", "build"} {
		t.Run(mode, func(t *testing.T) { runEndToEnd(t, bin, mode) })
	}
}

func runEndToEnd(t *testing.T, bin, mode string) {
	cache := t.TempDir()
	api := filepath.Join(packageDir(cache), "api")
	os.MkdirAll(filepath.Join(api, "sub"), 0o755)
	names := []string{"ok", "noisy", "badgo", "fail", "empty", "panic", "hang", "hog"}
	for _, n := range names {
		dir := api
		if n == "ok" {
			dir = filepath.Join(api, "sub")
		}
		os.WriteFile(filepath.Join(dir, n+".json"), []byte(`{"openapi":"3.0.0"}`), 0o644)
	}
	pidDir := t.TempDir()
	t.Setenv("FAKE_PIDDIR", pidDir)
	work := t.TempDir()
	var stdout, stderr bytes.Buffer
	cfg := config{
		Cache:         cache,
		Generator:     "oasgen",
		GenBin:        bin,
		Timeout:       2 * time.Second,
		MaxRSS:        150 << 20,
		MaxFile:       1 << 30,
		Jobs:          4,
		Compile:       true,
		CompileMode:   mode,
		CompileBatch:  200,
		CompileMaxRSS: 2 << 30,
		CompileTO:     time.Minute,
		JSON:          filepath.Join(work, "r.json"),
		Report:        filepath.Join(work, "r.md"),
		Expect:        3,
		Work:          filepath.Join(work, "w"),
		Stdout:        &stdout,
		Stderr:        &stderr,
		// Only the generator that never ends is timed out (any timeout
		// is right for it); the others, hog included, get a timeout no
		// loaded machine reaches, so that no outcome depends on speed.
		timeoutFor: func(spec string) time.Duration {
			if strings.HasSuffix(spec, "hang.json") {
				return time.Second
			}
			return 10 * time.Minute
		},
	}
	err := run(context.Background(), cfg)
	if !errors.Is(err, errExpect) {
		t.Fatalf("run: err = %v, want the -expect failure (2 < 3)\n%s", err, stderr.String())
	}

	data, err := os.ReadFile(cfg.JSON)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Summary Summary
		Results []Result
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	by := map[string]Result{}
	for _, r := range got.Results {
		by[strings.TrimSuffix(filepath.Base(r.Spec), ".json")] = r
	}
	if len(by) != len(names) {
		t.Fatalf("results for %d specs, want %d: %+v", len(by), len(names), got.Results)
	}
	check := func(name string, ok bool, what string) {
		t.Helper()
		if !ok {
			t.Errorf("%s: %s: %+v", name, what, by[name])
		}
	}
	r := by["ok"]
	check("ok", r.Spec == "api/sub/ok.json" && r.Generated && r.Compiled && r.GoFiles == 1 && r.FirstError() == "", "want generated and compiled")
	r = by["noisy"]
	check("noisy", r.Generated && r.Compiled, "want generated and compiled despite 16 MB of stderr")
	r = by["badgo"]
	check("badgo", r.Generated && !r.Compiled && strings.Contains(r.CompileError, "cannot use"), "want a compile error")
	r = by["fail"]
	check("fail", !r.Generated && r.ExitCode == 1 && strings.HasPrefix(r.GenError, "error: load spec") && !r.Panicked, "want a generation error")
	r = by["empty"]
	check("empty", !r.Generated && r.ExitCode == 0 && strings.Contains(r.GenError, "no .go files"), "want no-output failure")
	r = by["panic"]
	check("panic", !r.Generated && r.Panicked && strings.HasPrefix(r.GenError, "panic: assignment to entry in nil map"), "want a panic")
	r = by["hang"]
	check("hang", !r.Generated && r.TimedOut && !r.Panicked, "want a timeout")
	r = by["hog"]
	check("hog", !r.Generated && r.OOMKilled && !r.TimedOut && !r.Panicked, "want OOM-killed")

	s := got.Summary
	if s.Specs != 8 || s.Generated != 3 || s.Compiled != 2 || s.Panics != 1 || s.Timeouts != 1 || s.OOMKilled != 1 {
		t.Errorf("summary = %+v", s)
	}

	md, err := os.ReadFile(cfg.Report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| generated and compiled | 2 (25.0%) |", "| 1 | gen: timeout |", "| api/sub/ok.json | yes | yes |", "| api/hog.json | oom | - |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}

	// The hanging generator's child was killed with its process group.
	pidData, err := os.ReadFile(filepath.Join(pidDir, "hang.pid"))
	if err != nil {
		t.Fatalf("hang.pid: %v", err)
	}
	pid, _ := strconv.Atoi(string(pidData))
	// SIGKILL was sent to the group before run returned; the kernel ends
	// the process soon after, at a moment of its choosing: wait for it
	// (a child that survived would be "sleep 300", alive for minutes).
	for i := 0; ; i++ {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || strings.Contains(string(stat), ") Z ") {
			break
		}
		if i == 600 {
			t.Errorf("hang's child %d survived a minute after the kill: %s", pid, stat)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}
