//go:build unix

package regularfile

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without waiting for a writer,
// which is what opening a named pipe would otherwise do.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
