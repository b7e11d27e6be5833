package load

import (
	"os"
	"syscall"
)

// The file systems whose files are made on read (statfs(2) magic numbers).
const (
	procSuperMagic  = 0x9fa0
	sysfsMagic      = 0x62656572
	debugfsMagic    = 0x64626720
	securityfsMagic = 0x73636673
)

// virtualFS reports whether fd is on procfs, sysfs or a file system like
// them, whose files are not data at rest.
func virtualFS(fd *os.File) bool {
	rc, err := fd.SyscallConn() // not Fd(), which would make fd blocking
	if err != nil {
		return false
	}
	var s syscall.Statfs_t
	var serr error
	if rc.Control(func(fd uintptr) { serr = syscall.Fstatfs(int(fd), &s) }) != nil || serr != nil {
		return false
	}
	switch s.Type {
	case procSuperMagic, sysfsMagic, debugfsMagic, securityfsMagic:
		return true
	}
	return false
}
