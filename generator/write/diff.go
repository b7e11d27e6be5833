package write

import (
	"fmt"
	"strings"
)

// Unified returns a unified diff (3 lines of context) from a to b; empty
// when they are equal. It is exact for the changed middle when that is of
// modest size and falls back to replacing the middle whole beyond it.
func Unified(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	const ctx = 3
	// Group ops into hunks.
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

// diffLines trims the common prefix and suffix, then runs an LCS on the
// middle when it is small enough.
func diffLines(x, y []string) []op {
	var ops []op
	p := 0
	for p < len(x) && p < len(y) && x[p] == y[p] {
		ops = append(ops, op{' ', x[p], p, p})
		p++
	}
	s := 0
	for s < len(x)-p && s < len(y)-p && x[len(x)-1-s] == y[len(y)-1-s] {
		s++
	}
	mx, my := x[p:len(x)-s], y[p:len(y)-s]
	if len(mx)*len(my) <= 4_000_000 {
		ops = append(ops, lcsOps(mx, my, p)...)
	} else {
		for i, l := range mx {
			ops = append(ops, op{'-', l, p + i, p})
		}
		for j, l := range my {
			ops = append(ops, op{'+', l, p + len(mx), p + j})
		}
	}
	for k := s; k > 0; k-- {
		i, j := len(x)-k, len(y)-k
		ops = append(ops, op{' ', x[i], i, j})
	}
	return ops
}

func lcsOps(x, y []string, off int) []op {
	n, m := len(x), len(y)
	dp := make([][]int32, n+1)
	for i := range dp {
		dp[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], off + i, off + j})
			i, j = i+1, j+1
		case i < n && (j == m || dp[i+1][j] >= dp[i][j+1]):
			ops = append(ops, op{'-', x[i], off + i, off + j})
			i++
		default:
			ops = append(ops, op{'+', y[j], off + i, off + j})
			j++
		}
	}
	return ops
}
