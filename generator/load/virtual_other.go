//go:build !linux

package load

import "os"

// virtualFS: only Linux is known to have procfs files that claim to be
// regular; elsewhere readRegular's size check is the guard.
func virtualFS(*os.File) bool { return false }
