//go:build !unix

package regularfile

import "os"

// openNonBlocking opens path for reading; systems other than Unix have no
// named pipes in the file system that an open could wait on.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
