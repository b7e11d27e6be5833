package drive

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// fromPattern makes a string that pattern (a definition's, ECMA-262
// flavoured; Go's RE2 reads the common subset) matches, of a length
// within [minLen, maxLen] (maxLen < 0: none) when it can; long asks for
// repetitions at their longest. ok is false when the pattern does not
// parse or no attempt matched.
func fromPattern(pattern string, rnd *rand.Rand, minLen, maxLen int, long bool) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	check, err := regexp.Compile(pattern)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	for attempt := range 20 {
		var b strings.Builder
		g := patternGen{rnd: rnd, long: long && attempt < 10, want: minLen}
		g.gen(&b, re)
		s := b.String()
		n := len([]rune(s))
		if check.MatchString(s) && n >= minLen && (maxLen < 0 || n <= maxLen) {
			return s, true
		}
	}
	return "", false
}

type patternGen struct {
	rnd  *rand.Rand
	long bool
	want int // a length to reach with repetitions
}

func (g *patternGen) reps(lo, hi int) int {
	if hi < 0 {
		hi = max(lo+3, g.want)
	}
	if g.long {
		return hi
	}
	hi = min(hi, lo+3)
	return lo + g.rnd.IntN(hi-lo+1)
}

func (g *patternGen) gen(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(g.pick(re.Rune))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte("abcxyz019"[g.rnd.IntN(9)])
	case syntax.OpCapture:
		g.gen(b, re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.gen(b, s)
		}
	case syntax.OpAlternate:
		g.gen(b, re.Sub[g.rnd.IntN(len(re.Sub))])
	case syntax.OpStar:
		for range g.reps(0, -1) {
			g.gen(b, re.Sub[0])
		}
	case syntax.OpPlus:
		for range g.reps(1, -1) {
			g.gen(b, re.Sub[0])
		}
	case syntax.OpQuest:
		if g.long || g.rnd.IntN(2) == 0 {
			g.gen(b, re.Sub[0])
		}
	case syntax.OpRepeat:
		for range g.reps(re.Min, re.Max) {
			g.gen(b, re.Sub[0])
		}
	}
}

// pick is a rune of a character class (pairs of bounds), preferring
// printable ASCII.
func (g *patternGen) pick(ranges []rune) rune {
	var ascii [][2]rune
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], min(ranges[i+1], 0x7e)
		lo = max(lo, 0x20)
		if lo <= hi {
			ascii = append(ascii, [2]rune{lo, hi})
		}
	}
	if len(ascii) > 0 {
		r := ascii[g.rnd.IntN(len(ascii))]
		c := r[0] + rune(g.rnd.IntN(int(r[1]-r[0]+1)))
		if unicode.IsPrint(c) {
			return c
		}
	}
	if len(ranges) >= 2 {
		return ranges[0]
	}
	return 'a'
}
