package testkit

import (
	"os"
	"syscall"
	"testing"
)

// Tripwire writes content to a new file at path and reports, through the
// returned function, whether anything opened the file since: inotify's
// IN_OPEN events are queued by the kernel, so the answer is exact and
// does not depend on timing. Call opened after the code under test has
// returned.
func Tripwire(t testing.TB, path, content string) (opened func() bool) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		t.Skip("no inotify:", err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if _, err := syscall.InotifyAddWatch(fd, path, syscall.IN_OPEN); err != nil {
		t.Skip("no inotify watch:", err)
	}
	return func() bool {
		buf := make([]byte, 4096)
		n, err := syscall.Read(fd, buf)
		return err == nil && n > 0
	}
}
