//go:build unix

package load

import (
	"os"
	"syscall"
)

// openFile opens path for reading without following a symbolic link in
// its last element and without blocking (on a FIFO that replaced the file
// since it was checked).
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
