package emit

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// This file is the only place where emitters write comments. Comment text
// comes from strangers (titles, descriptions, operation ids, paths), and
// jennifer's Comment is not safe for it: a string starting with "//" or
// "/*" is written verbatim, and one holding a newline becomes a /* block */
// that "*/" in the text ends. So every comment is built here, line by line,
// each line given its own "// " prefix and written verbatim, after
// sanitizeLine has made sure that nothing in it can be read as code or as
// a directive. A test checks that no other emitter calls Comment.

// comment renders text, which may hold several lines, as // comment
// lines, each followed by a newline. Empty text renders nothing.
func comment(text string) *jen.Statement {
	s := jen.Null()
	if strings.TrimSpace(text) == "" {
		return s
	}
	for _, l := range commentLines(text) {
		s.Comment(l).Line()
	}
	return s
}

// commentf is comment of a formatted string; the arguments may be
// definition text.
func commentf(format string, args ...any) *jen.Statement {
	return comment(fmt.Sprintf(format, args...))
}

// commentLines splits text into lines and returns each as a complete
// // comment line ("// text", or "//" for an empty line). Trailing empty
// lines are dropped.
func commentLines(text string) []string {
	lines := splitLines(text)
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = sanitizeLine(l); l == "" {
			out = append(out, "//")
			continue
		}
		out = append(out, "// "+l)
	}
	return out
}

// splitLines splits at every line terminator Go or an editor may honour:
// \n, \r\n, \r, and Unicode's line and paragraph separators.
func splitLines(text string) []string {
	return strings.Split(lineBreaks.Replace(text), "\n")
}

var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n")

// sanitizeLine makes one line of text safe to follow "// ": control and
// format characters (NUL, which Go source may not hold; U+FEFF, which it
// may hold only first; bidirectional overrides, which hide what a reader
// sees) and invalid UTF-8 are written as \uXXXX escapes, trailing space is
// trimmed, and a line that go/build or vet would take for a build
// constraint ("// +build …") or cgo for a directive ("// #cgo …") is
// escaped. Everything else, "*/", "/*" and
// "//go:" included, is inert inside a line comment.
func sanitizeLine(l string) string {
	var b strings.Builder
	b.Grow(len(l))
	for i := 0; i < len(l); {
		if c := l[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c) // printable ASCII, most of any text: kept as it is
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(l[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, l[i])
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp) ||
			unicode.Is(unicode.Co, r) || r == utf8.RuneError || isNoncharacter(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	s := strings.TrimRightFunc(b.String(), unicode.IsSpace)
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); strings.HasPrefix(t, "+build") || strings.HasPrefix(t, "#cgo") {
		s = `\` + t
	}
	return s
}

func isNoncharacter(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

// paragraphBreak is an empty comment line, between paragraphs of a doc
// comment built from several pieces.
func paragraphBreak() *jen.Statement {
	return jen.Comment("//").Line()
}

// packageComment sets the package comment from lines that commentLines
// (or, for code blocks, sanitizeLine) has made safe.
func packageComment(f *jen.File, lines []string) {
	for _, l := range lines {
		f.PackageComment(l)
	}
}
