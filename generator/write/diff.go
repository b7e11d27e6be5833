package write

import (
	"fmt"
	"strings"
)

// Unified returns a unified diff (3 lines of context) from a to b; empty
// when they are equal. Lines are matched the patience way: lines unique to
// both sides anchor the match, and the gaps between anchors are solved
// exactly by dynamic programming when small enough.
func Unified(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	const ctx = 3
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		ai, bi := ops[start].a, ops[start].b
		var an, bn int
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				an++
			}
			if o.kind != '-' {
				bn++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ai, an), hunkRange(bi, bn))
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.text)
			if !strings.HasSuffix(o.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

type op struct {
	kind byte // ' ', '-', '+'
	text string
	a, b int // line index in a and b where the op applies
}

type differ struct {
	x, y []string
	ops  []op
}

func diffLines(x, y []string) []op {
	d := &differ{x: x, y: y}
	d.diff(0, len(x), 0, len(y))
	return d.ops
}

func (d *differ) same(i, j int) { d.ops = append(d.ops, op{' ', d.x[i], i, j}) }

// diff appends the ops turning x[a0:a1] into y[b0:b1].
func (d *differ) diff(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.x[a0] == d.y[b0] {
		d.same(a0, b0)
		a0, b0 = a0+1, b0+1
	}
	var tail [][2]int
	for a1 > a0 && b1 > b0 && d.x[a1-1] == d.y[b1-1] {
		a1, b1 = a1-1, b1-1
		tail = append(tail, [2]int{a1, b1})
	}
	defer func() {
		for k := len(tail) - 1; k >= 0; k-- {
			d.same(tail[k][0], tail[k][1])
		}
	}()
	switch {
	case a0 == a1 && b0 == b1:
		return
	case (a1-a0)*(b1-b0) <= 1_000_000:
		d.lcs(a0, a1, b0, b1)
		return
	}
	anchors := d.anchors(a0, a1, b0, b1)
	if len(anchors) == 0 {
		d.replace(a0, a1, b0, b1)
		return
	}
	pa, pb := a0, b0
	for _, an := range anchors {
		d.diff(pa, an[0], pb, an[1])
		d.same(an[0], an[1])
		pa, pb = an[0]+1, an[1]+1
	}
	d.diff(pa, a1, pb, b1)
}

func (d *differ) replace(a0, a1, b0, b1 int) {
	for i := a0; i < a1; i++ {
		d.ops = append(d.ops, op{'-', d.x[i], i, b0})
	}
	for j := b0; j < b1; j++ {
		d.ops = append(d.ops, op{'+', d.y[j], a1, j})
	}
}

// anchors are the lines occurring exactly once on each side, in the
// longest order-preserving chain.
func (d *differ) anchors(a0, a1, b0, b1 int) [][2]int {
	type count struct{ na, nb, ia, ib int }
	m := map[string]*count{}
	for i := a0; i < a1; i++ {
		c := m[d.x[i]]
		if c == nil {
			c = &count{}
			m[d.x[i]] = c
		}
		c.na++
		c.ia = i
	}
	for j := b0; j < b1; j++ {
		if c := m[d.y[j]]; c != nil {
			c.nb++
			c.ib = j
		}
	}
	var pairs [][2]int
	for i := a0; i < a1; i++ {
		if c := m[d.x[i]]; c.na == 1 && c.nb == 1 {
			pairs = append(pairs, [2]int{c.ia, c.ib})
		}
	}
	// Longest increasing subsequence on b indices (patience sorting).
	var piles []int // index into pairs of each pile's top
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		lo, hi := 0, len(piles)
		for lo < hi {
			mid := (lo + hi) / 2
			if pairs[piles[mid]][1] < p[1] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo > 0 {
			prev[k] = piles[lo-1]
		} else {
			prev[k] = -1
		}
		if lo == len(piles) {
			piles = append(piles, k)
		} else {
			piles[lo] = k
		}
	}
	if len(piles) == 0 {
		return nil
	}
	out := make([][2]int, len(piles))
	for k, i := piles[len(piles)-1], len(piles)-1; k >= 0; k, i = prev[k], i-1 {
		out[i] = pairs[k]
	}
	return out
}

func (d *differ) lcs(a0, a1, b0, b1 int) {
	n, m := a1-a0, b1-b0
	dp := make([][]int32, n+1)
	for i := range dp {
		dp[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if d.x[a0+i] == d.y[b0+j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && d.x[a0+i] == d.y[b0+j]:
			d.same(a0+i, b0+j)
			i, j = i+1, j+1
		case i < n && (j == m || dp[i+1][j] >= dp[i][j+1]):
			d.ops = append(d.ops, op{'-', d.x[a0+i], a0 + i, b0 + j})
			i++
		default:
			d.ops = append(d.ops, op{'+', d.y[b0+j], a0 + i, b0 + j})
			j++
		}
	}
}
