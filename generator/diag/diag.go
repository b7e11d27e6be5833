// Package diag holds the located errors and warnings that every stage of
// the generator reports: each names the file, the JSON pointer into it and,
// where there is one, the operation id.
package diag

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem with the input definition. It prints as one line:
//
//	spec.json: #/paths/~1pets/get (Pets_List): parameter "limit": unsupported type "file"
type Error struct {
	File        string
	Pointer     string // JSON pointer, "#/..."; empty for the whole file
	OperationID string
	Msg         string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(printable(e.File))
	if e.Pointer != "" {
		b.WriteString(": ")
		b.WriteString(printable(e.Pointer))
	}
	if e.OperationID != "" {
		fmt.Fprintf(&b, " (%s)", printable(e.OperationID))
	}
	b.WriteString(": ")
	b.WriteString(oneLine(e.Msg))
	return b.String()
}

// Warning is a problem that does not stop generation.
type Warning Error

func (w Warning) String() string { e := Error(w); return "warning: " + e.Error() }

// Errorf returns a located error.
func Errorf(file, pointer, opID, format string, args ...any) *Error {
	return &Error{File: file, Pointer: pointer, OperationID: opID, Msg: fmt.Sprintf(format, args...)}
}

// Pointer builds a JSON pointer from reference tokens, escaping "~" and "/".
func Pointer(tokens ...string) string {
	var b strings.Builder
	b.WriteByte('#')
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(EscapeToken(t))
	}
	return b.String()
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return printable(strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " "))
}

// printable escapes what a terminal would not show as text (newlines,
// escape sequences, bidirectional overrides, invalid UTF-8) the way Go
// quotes strings, so that a name from the definition can neither break
// the one-line message nor rewrite the user's terminal.
func printable(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || (r != ' ' && !strconv.IsPrint(r)) {
			q := strconv.Quote(s)
			return strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
		}
	}
	return s
}

// EscapeToken escapes one JSON pointer reference token (RFC 6901).
func EscapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// UnescapeToken undoes EscapeToken.
func UnescapeToken(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
