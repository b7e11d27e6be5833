package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"
)

// Doc comments of the generated declarations: the definition's text as
// it is written, oasgen's own notes wrapped, and Go's Deprecated
// paragraph; every line goes through comment (comment.go).

// doc renders a doc comment, "Name - text", as // lines ending in a
// newline; nothing when there is no text. The definition's own line
// breaks are kept and nothing is reflowed (as protoc-gen-go copies
// comments), so that a word edited in a description changes one line of
// the generated package, not the rest of its paragraph: reflowing made
// most of the diff of an api-version bump.
func doc(name, text string) jen.Code {
	text = strings.TrimSpace(text)
	if text == "" {
		return jen.Null()
	}
	if name != "" {
		text = name + " - " + text
	}
	return comment(docLines(text))
}

// note renders oasgen's own prose (which may quote names from the
// definition) as a comment wrapped at 100 columns.
func note(text string) jen.Code {
	return comment(wrap(text, 100))
}

// docLines collapses the spaces inside each line of text and drops
// trailing blank lines, keeping every line break.
func docLines(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text into lines of at most width runes at spaces, keeping
// paragraph breaks.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line := words[0]
		for _, w := range words[1:] {
			if len([]rune(line))+1+len([]rune(w)) > width {
				out = append(out, line)
				line = w
				continue
			}
			line += " " + w
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// withDeprecated adds Go's "Deprecated:" paragraph to a doc comment (c,
// empty when hasDoc is false), so that gopls and staticcheck flag callers.
func withDeprecated(c jen.Code, hasDoc, deprecated bool, what string) jen.Code {
	if !deprecated {
		return c
	}
	note := comment("Deprecated: the definition marks this " + what + " deprecated.")
	if !hasDoc {
		return note
	}
	return jen.Add(c).Add(paragraphBreak()).Add(note)
}
