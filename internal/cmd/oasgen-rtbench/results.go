package main

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// metrics are one benchmark's samples (one per -count run).
type metrics struct {
	NsOp, BOp, AllocsOp []float64
}

// results maps package dir => benchmark name (without Benchmark and the
// -GOMAXPROCS suffix) => samples.
type results map[string]map[string]*metrics

// parseBench reads `go test -bench` output. Lines "pkg: rtbench/DIR" say
// which package the following benchmark lines belong to.
func parseBench(r io.Reader) (results, error) {
	res := results{}
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimPrefix(strings.TrimSpace(p), moduleName+"/")
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 {
			continue // a benchmark that logged or failed
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		m := &metrics{}
		found := false
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("bad value %q in %q", f[i], line)
			}
			switch f[i+1] {
			case "ns/op":
				m.NsOp, found = append(m.NsOp, v), true
			case "B/op":
				m.BOp = append(m.BOp, v)
			case "allocs/op":
				m.AllocsOp = append(m.AllocsOp, v)
			}
		}
		if !found {
			continue
		}
		if pkg == "" {
			return nil, fmt.Errorf("benchmark line before any pkg: line: %q", line)
		}
		if res[pkg] == nil {
			res[pkg] = map[string]*metrics{}
		}
		old := res[pkg][name]
		if old == nil {
			res[pkg][name] = m
			continue
		}
		old.NsOp = append(old.NsOp, m.NsOp...)
		old.BOp = append(old.BOp, m.BOp...)
		old.AllocsOp = append(old.AllocsOp, m.AllocsOp...)
	}
	return res, sc.Err()
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// spread is (max-min)/median, the run-to-run noise of a sample set.
func spread(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	m := median(xs)
	if m == 0 {
		return 0
	}
	return (hi - lo) / m
}

func (r results) get(pkg, bench string) *metrics {
	if r[pkg] == nil {
		return nil
	}
	return r[pkg][bench]
}

// ratio is a/b of medians; ok is false when either is missing or b is 0
// while a is not.
func ratio(a, b []float64) (float64, bool) {
	if len(a) == 0 || len(b) == 0 {
		return 0, false
	}
	ma, mb := median(a), median(b)
	if mb == 0 {
		if ma == 0 {
			return 1, true
		}
		return 0, false
	}
	return ma / mb, true
}

func fmtRatio(a, b []float64) string {
	r, ok := ratio(a, b)
	if !ok {
		if len(a) > 0 && len(b) > 0 {
			return "∞ (peer 0)"
		}
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", r)
}

func fmtNum(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func minimum(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

// fmtMinRatio is the ratio of the fastest runs: under load it is the least
// disturbed estimate.
func fmtMinRatio(a, b []float64) string {
	if len(a) == 0 || len(b) == 0 || minimum(b) == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", minimum(a)/minimum(b))
}
