//go:build !linux

package testkit

import "testing"

// Tripwire needs Linux's inotify; elsewhere the tests that use it skip.
func Tripwire(t testing.TB, path, content string) (opened func() bool) {
	t.Skip("Tripwire needs inotify (Linux)")
	return nil
}
