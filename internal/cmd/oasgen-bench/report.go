package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"
)

func (r *genResult) wall() []time.Duration {
	var d []time.Duration
	for _, s := range r.Samples {
		d = append(d, s.Wall)
	}
	return d
}

func (r *genResult) cpu() []time.Duration {
	var d []time.Duration
	for _, s := range r.Samples {
		d = append(d, s.CPU)
	}
	return d
}

func (r *genResult) rssKB() []int64 {
	var v []int64
	for _, s := range r.Samples {
		v = append(v, s.MaxRSSKB)
	}
	return v
}

func secs(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%.3f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func mib(kb int64) string {
	if kb == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(kb)/1024)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// ratio formats a/b, or "–" when either is missing.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func commas(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func writeMarkdown(w io.Writer, r *report) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("# oasgen generation benchmark\n\n")
	p("Taken %s by `go run ./internal/cmd/oasgen-bench` in %.0f s.\n\n", r.Date.Format("2006-01-02 15:04 MST"), r.Elapsed.Seconds())
	m := r.Machine
	if m.NProc > 0 {
		p("## Machine\n\n| | |\n|---|---|\n")
		p("| CPU | %s |\n| nproc | %d |\n| memory | %s |\n| Go | %s |\n| kernel | %s |\n", m.CPU, m.NProc, m.MemTotal, m.GoVersion, m.Kernel)
		p("| load average (1, 5, 15 min) at start | %s |\n| load average at end | %s |\n\n", m.LoadStart, r.LoadEnd)
	}

	p("## Generation of %s (%s)\n\n", filepath.Base(filepath.Dir(r.Spec))+"/"+filepath.Base(r.Spec), humanBytes(r.SpecSize))
	p("Whole process, each generator into an empty folder; %d warm-up round(s), then %d measured rounds, generators interleaved within a round. ", r.Warmup, r.Runs)
	p("Peak RSS is rusage ru_maxrss. Untyped types / fields: package-level named types, and fields of package-level struct types, whose type is any, interface{}, json.RawMessage or jx.Raw (also behind *, [] or map values); a rough measure of how fully typed the output is.\n\n")
	p("| generator | version | wall median | wall min | CPU median | peak RSS median | files | lines | size | untyped types / fields |\n")
	p("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, g := range r.Results {
		if g.Err != nil {
			p("| %s | %s | failed: %s | | | | | | | |\n", g.Gen.Name, g.Gen.Version, strings.ReplaceAll(g.Err.Error(), "|", "\\|"))
			continue
		}
		p("| %s | %s | %s | %s | %s | %s | %d | %s | %s | %d / %d |\n", g.Gen.Name, g.Gen.Version,
			secs(medianDur(g.wall())), secs(minDur(g.wall())), secs(medianDur(g.cpu())), mib(medianInt(g.rssKB())),
			g.Stats.Files, commas(g.Stats.Lines), humanBytes(g.Stats.Bytes), g.Stats.UntypedTypes, g.Stats.UntypedFields)
	}
	p("\n")
	if r.BuildRuns > 0 {
		p("`go build` of the generated package in a throwaway module, median of %d. Runtime dependencies were fetched first with `go mod tidy` (not timed); builds run with GOPROXY=off. ", r.BuildRuns)
		p("**clean**: GOCACHE is a new empty folder, so the standard library and the dependencies are compiled too. **package only**: rebuilt in the same cache after adding one file, so only the generated package compiles.\n\n")
		p("| generator | packages compiled (non-std) | clean build | clean build CPU | package only | package only CPU | package only peak RSS |\n|---|--:|--:|--:|--:|--:|--:|\n")
		for _, g := range r.Results {
			switch {
			case g.Err != nil:
				continue
			case g.Build.Err != nil:
				p("| %s | | failed: %s | | |\n", g.Gen.Name, strings.ReplaceAll(clip(g.Build.Err.Error(), 200), "|", "\\|"))
			default:
				p("| %s | %d (%d) | %s | %s | %s | %s | %s |\n", g.Gen.Name, g.Build.Deps, g.Build.NonStd, secs(medianDur(g.Build.Clean)), secs(medianDur(g.Build.CleanCPU)),
					secs(medianDur(g.Build.Pkg)), secs(medianDur(g.Build.PkgCPU)), mib(medianInt(g.Build.PkgRSSKB)))
			}
		}
		p("\n")
	}
	if len(r.Results) > 1 && r.Results[0].Err == nil {
		o := r.Results[0]
		p("Ratios oasgen / peer (below 1: oasgen smaller or faster):\n\n")
		p("| peer | wall | CPU | peak RSS | lines | files | bytes | clean build | clean build CPU | package-only build | package-only CPU | package-only peak RSS |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, g := range r.Results[1:] {
			if g.Err != nil {
				continue
			}
			p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", g.Gen.Name,
				ratio(medianDur(o.wall()).Seconds(), medianDur(g.wall()).Seconds()),
				ratio(medianDur(o.cpu()).Seconds(), medianDur(g.cpu()).Seconds()),
				ratio(float64(medianInt(o.rssKB())), float64(medianInt(g.rssKB()))),
				ratio(float64(o.Stats.Lines), float64(g.Stats.Lines)),
				ratio(float64(o.Stats.Files), float64(g.Stats.Files)),
				ratio(float64(o.Stats.Bytes), float64(g.Stats.Bytes)),
				ratio(medianDur(o.Build.Clean).Seconds(), medianDur(g.Build.Clean).Seconds()),
				ratio(medianDur(o.Build.CleanCPU).Seconds(), medianDur(g.Build.CleanCPU).Seconds()),
				ratio(medianDur(o.Build.Pkg).Seconds(), medianDur(g.Build.Pkg).Seconds()),
				ratio(medianDur(o.Build.PkgCPU).Seconds(), medianDur(g.Build.PkgCPU).Seconds()),
				ratio(float64(medianInt(o.Build.PkgRSSKB)), float64(medianInt(g.Build.PkgRSSKB))))
		}
		p("\n")
		writeTargets(p, r)
	}
	p("Settings:\n\n")
	for _, g := range r.Results {
		p("- %s %s: %s\n", g.Gen.Name, g.Gen.Version, g.Gen.Settings)
	}
	p("\n")

	if len(r.Scaling) > 0 {
		writeScaling(w, r.Scaling)
	}
}

func writeScaling(w io.Writer, pts []*scalePoint) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("## Scaling: oasgen against input size\n\n")
	p("Corpus definitions spread geometrically by size; median of up to 3 runs (one when a run takes over 10 s). ")
	p("CPU is user+system time, less sensitive than wall time to other load on the machine. ")
	p("Local slope: log(CPU ratio) / log(size ratio) against the previous point, 1 for linear growth, 2 for quadratic. ")
	p("A failed definition is still a point: its time is the time to the error.\n\n")
	p("| definition | input | wall | CPU | CPU s per MiB | local slope | peak RSS | RSS / input | lines out | result |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	type series struct{ x, wall, cpu, rss []float64 }
	var all, ok, big series
	add := func(s *series, x, wall, cpu, rss float64) {
		s.x, s.wall, s.cpu, s.rss = append(s.x, x), append(s.wall, wall), append(s.cpu, cpu), append(s.rss, rss)
	}
	var prevMB, prevCPU float64
	for _, pt := range pts {
		var wall, cpu []time.Duration
		var rss []int64
		for _, s := range pt.Samples {
			wall = append(wall, s.Wall)
			cpu = append(cpu, s.CPU)
			rss = append(rss, s.MaxRSSKB)
		}
		t, c, kb := medianDur(wall), medianDur(cpu), medianInt(rss)
		mb := float64(pt.Spec.Size) / (1 << 20)
		status := "ok"
		if pt.Err != "" {
			status = "error: " + strings.ReplaceAll(clip(pt.Err, 160), "|", "\\|")
		}
		lines := "–"
		if pt.Err == "" {
			lines = commas(pt.Stats.Lines)
		}
		slope := "–"
		if prevMB > 0 && prevCPU > 0 && c > 0 && mb > prevMB {
			slope = fmt.Sprintf("%.2f", math.Log(c.Seconds()/prevCPU)/math.Log(mb/prevMB))
		}
		p("| %s | %s | %s | %s | %.2f | %s | %s | %.1f× | %s | %s |\n", pt.Spec.Path, humanBytes(pt.Spec.Size), secs(t), secs(c),
			c.Seconds()/mb, slope, mib(kb), float64(kb)*1024/float64(pt.Spec.Size), lines, status)
		prevMB, prevCPU = mb, c.Seconds()
		add(&all, mb, t.Seconds(), c.Seconds(), float64(kb)/1024)
		if pt.Err == "" {
			add(&ok, mb, t.Seconds(), c.Seconds(), float64(kb)/1024)
			if mb >= 1 {
				add(&big, mb, t.Seconds(), c.Seconds(), float64(kb)/1024)
			}
		}
	}
	p("\nLeast-squares fits, y = a + b·MiB of input, and the log-log slope k of y ∝ MiB^k:\n\n")
	p("| points | n | wall a + b (R²) | wall k | CPU a + b (R²) | CPU k | peak RSS a + b (R²) | RSS k |\n|---|--:|---|--:|---|--:|---|--:|\n")
	row := func(what string, s series) {
		if len(s.x) < 2 {
			return
		}
		fw, fc, fr := leastSquares(s.x, s.wall), leastSquares(s.x, s.cpu), leastSquares(s.x, s.rss)
		p("| %s | %d | %.3f s %+.3f s/MiB (%.3f) | %.2f | %.3f s %+.3f s/MiB (%.3f) | %.2f | %.0f MiB %+.1f MiB/MiB (%.3f) | %.2f |\n",
			what, len(s.x), fw.A, fw.B, fw.R2, logLogSlope(s.x, s.wall).B, fc.A, fc.B, fc.R2, logLogSlope(s.x, s.cpu).B,
			fr.A, fr.B, fr.R2, logLogSlope(s.x, s.rss).B)
	}
	row("all", all)
	if len(ok.x) != len(all.x) {
		row("successful", ok)
	}
	row("successful, input ≥ 1 MiB", big)
	p("\nThe fixed process start-up cost pulls the slope below 1 for small inputs; the ≥ 1 MiB row shows the growth where the input dominates.\n")
}

// writeTargets checks the weight targets of the default output against
// oapi-codegen's (issue 11), from the ratios of this run.
func writeTargets(p func(string, ...any), r *report) {
	o := r.Results[0]
	var peer *genResult
	for _, g := range r.Results[1:] {
		if g.Gen.Name == "oapi-codegen" && g.Err == nil {
			peer = g
		}
	}
	if peer == nil {
		return
	}
	p("Targets for the default output against oapi-codegen, from this run's ratios:\n\n| target | ratio | met? |\n|---|--:|---|\n")
	row := func(what string, a, b, limit float64) {
		if a <= 0 || b <= 0 {
			p("| %s | – | not measured |\n", what)
			return
		}
		met := "yes"
		if a/b > limit {
			met = fmt.Sprintf("**no** (%.2f× the target)", a/b/limit)
		}
		p("| %s | %.2f | %s |\n", what, a/b, met)
	}
	row("package-only build CPU ≤ 0.5× (issue 25)", medianDur(o.Build.PkgCPU).Seconds(), medianDur(peer.Build.PkgCPU).Seconds(), 0.5)
	row("compiler peak memory ≤ 0.6×", float64(medianInt(o.Build.PkgRSSKB)), float64(medianInt(peer.Build.PkgRSSKB)), 0.6)
	row("generated lines ≤ 0.6×", float64(o.Stats.Lines), float64(peer.Stats.Lines), 0.6)
	row("generation wall time ≤ 1/3", medianDur(o.wall()).Seconds(), medianDur(peer.wall()).Seconds(), 1.0/3)
	row("generation CPU time ≤ 1/3", medianDur(o.cpu()).Seconds(), medianDur(peer.cpu()).Seconds(), 1.0/3)
	p("\n")
}
