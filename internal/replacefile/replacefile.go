// Package replacefile replaces the contents of several files all or
// nothing, as far as a file system allows, so that an interrupted or
// failed write (relguard bump, relguard lint --fix) never leaves a file
// truncated or a release half-bumped.
package replacefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/relguard/relguard/internal/regularfile"
)

// File is one file to write.
type File struct {
	Path   string // where it is on disk
	Name   string // how messages name it (e.g. relative to the repository)
	Data   []byte
	Create bool // it may not exist yet
}

// All writes each new content to a temporary file in the same directory,
// with the original's mode, and only when every one is written renames
// them over the originals. A failure before the renames leaves every file
// as it was; a failed rename says which files were already replaced.
func All(files []File) error {
	type pending struct {
		tmp string
		f   File
	}
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range files {
		mode := fs.FileMode(0o644)
		if info, err := os.Lstat(f.Path); err == nil {
			if !info.Mode().IsRegular() {
				cleanup()
				return fmt.Errorf("%s is not a regular file (a symlink?); nothing was written", f.Name)
			}
			mode = info.Mode().Perm()
		} else if !errors.Is(err, fs.ErrNotExist) || !f.Create {
			cleanup()
			return fmt.Errorf("cannot stat %s: %v; nothing was written", f.Name, regularfile.Cause(err))
		}
		tmp, err := writeTemp(filepath.Dir(f.Path), filepath.Base(f.Path), f.Data, mode)
		if err != nil {
			cleanup()
			return fmt.Errorf("cannot write %s: %v; nothing was written", f.Name, err)
		}
		done = append(done, pending{tmp, f})
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.f.Path); err != nil {
			for _, q := range done[i:] {
				os.Remove(q.tmp)
			}
			var written []string
			for _, q := range done[:i] {
				written = append(written, q.f.Name)
			}
			return fmt.Errorf("cannot replace %s: %v; already written: %s", p.f.Path, regularfile.Cause(err), strings.Join(written, ", "))
		}
	}
	return nil
}

func writeTemp(dir, base string, data []byte, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".relguard-*")
	if err != nil {
		return "", regularfile.Cause(err)
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", regularfile.Cause(err)
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", regularfile.Cause(err)
	}
	return name, nil
}
