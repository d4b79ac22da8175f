// Package regularfile is the one way relguard reads a file a user controls:
// VERSION, the changelog, relguard.yaml, nginx configurations and their
// includes, hooks, go vet's configuration.
//
// A name that turns out to be a named pipe, a socket, a device or a
// directory is refused with one line ("VERSION is a named pipe, not a
// file") instead of being opened: opening a named pipe blocks until a
// writer appears, and reading a device such as /dev/zero never ends. The
// file is classified with Lstat before it is opened, opened without
// blocking so that a named pipe swapped in between cannot hang relguard,
// and classified again through the open descriptor before a byte is read.
// Every read is bounded.
package regularfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// DefaultLimit bounds the files relguard reads: release metadata and
// configuration are far smaller, and a bound keeps a mistaken path (a
// database dump, a disk image) from exhausting memory.
const DefaultLimit = 10 << 20

// Error is a file that was refused or could not be read. It prints as the
// file's name followed by the reason: "VERSION is a named pipe, not a file".
type Error struct {
	Path   string // the name as the caller gave it
	Reason string // "is a named pipe, not a file", "does not exist", ...
	Err    error  // the underlying error, if any
}

func (e *Error) Error() string { return e.Path + " " + e.Reason }

// Unwrap lets errors.Is(err, fs.ErrNotExist) recognise a missing file.
func (e *Error) Unwrap() error { return e.Err }

// ErrNotRegular is wrapped by every Error about a file that exists but is
// not a regular file (or a symlink to one).
var ErrNotRegular = errors.New("not a regular file")

// Read returns the contents of the regular file at path, which may be a
// symlink to one. It refuses anything else and files larger than limit
// bytes (DefaultLimit when limit <= 0). Errors are *Error and name path.
func Read(path string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	info, err := os.Lstat(path)
	if err != nil {
		return nil, statError(path, err)
	}
	via := ""
	if info.Mode()&fs.ModeSymlink != 0 {
		via = "a symlink to "
		if info, err = os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &Error{Path: path, Reason: "is a symlink to a file that does not exist", Err: err}
			}
			return nil, statError(path, err)
		}
	}
	if !info.Mode().IsRegular() {
		return nil, kindError(path, via, info.Mode())
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, statError(path, err)
	}
	defer f.Close()
	// The name may have been replaced since Lstat; judge what was opened.
	info, err = f.Stat()
	if err != nil {
		return nil, statError(path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, kindError(path, via, info.Mode())
	}
	if info.Size() > limit {
		return nil, &Error{Path: path, Reason: fmt.Sprintf("is %d bytes, over the %s limit", info.Size(), size(limit))}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &Error{Path: path, Reason: "cannot be read: " + Cause(err).Error(), Err: err}
	}
	if int64(len(data)) > limit {
		return nil, &Error{Path: path, Reason: fmt.Sprintf("grew over the %s limit while it was read", size(limit))}
	}
	return data, nil
}

// Kind names the type of file mode m the way the errors do: "named pipe",
// "socket", "device", "directory", "symlink", "regular file" or "special file".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "regular file"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symlink"
	default:
		return "special file"
	}
}

func kindError(path, via string, m fs.FileMode) error {
	return &Error{Path: path, Reason: "is " + via + "a " + Kind(m) + ", not a file", Err: ErrNotRegular}
}

func statError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{Path: path, Reason: "does not exist", Err: err}
	}
	return &Error{Path: path, Reason: "cannot be read: " + Cause(err).Error(), Err: err}
}

// Cause is a file system error without its operation and path, for
// messages that name the file themselves ("cannot write VERSION:
// permission denied").
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d-byte", n)
}
