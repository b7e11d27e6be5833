package write

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// apply replays a unified diff's ops on a, to check they produce b.
func apply(ops []op) (a, b string) {
	var x, y strings.Builder
	for _, o := range ops {
		if o.kind != '+' {
			x.WriteString(o.text)
		}
		if o.kind != '-' {
			y.WriteString(o.text)
		}
	}
	return x.String(), y.String()
}

func TestDiffReproducesBothSides(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "}\n", "\n", "func x\n", "return nil\n"}
	for n := 0; n < 300; n++ {
		gen := func(k int) string {
			var s strings.Builder
			for i := 0; i < k; i++ {
				if r.IntN(4) == 0 {
					s.WriteString(words[r.IntN(len(words))])
				} else {
					s.WriteString(string(rune('A'+r.IntN(26))) + "\n")
				}
			}
			return s.String()
		}
		a := gen(r.IntN(40))
		b := a
		if r.IntN(2) == 0 {
			b = gen(r.IntN(40))
		} else if len(a) > 4 {
			b = a[:len(a)/2] + "inserted\n" + a[len(a)/2:]
		}
		ga, gb := apply(diffLines(splitLines(a), splitLines(b)))
		if ga != a || gb != b {
			t.Fatalf("ops do not reproduce the inputs:\n%q\n%q", a, b)
		}
	}
}

func TestUnifiedSmall(t *testing.T) {
	got := Unified("a", "b", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nX\n6\n7\n8\n")
	want := "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if Unified("a", "b", "x\n", "x\n") != "" {
		t.Fatal("equal inputs gave a diff")
	}
	if got := Unified("a", "b", "", "x"); !strings.Contains(got, "+x\n\\ No newline at end of file") {
		t.Fatalf("got %q", got)
	}
}

// Large inputs take the patience path and still reproduce both sides.
func TestDiffLarge(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 5000; i++ {
		line := strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "\n"
		a.WriteString(line)
		if i%500 != 0 {
			b.WriteString(line)
		} else {
			b.WriteString("changed\n")
		}
	}
	ga, gb := apply(diffLines(splitLines(a.String()), splitLines(b.String())))
	if ga != a.String() || gb != b.String() {
		t.Fatal("large diff does not reproduce the inputs")
	}
}
