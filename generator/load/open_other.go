//go:build !unix

package load

import "os"

func openFile(path string) (*os.File, error) { return os.Open(path) }
