package bump

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/relguard/relguard/internal/unifieddiff"
)

// Write writes the files under root all or nothing, as far as a file
// system allows: each new content goes to a temporary file in the same
// directory with the original's mode, and only when every one is written
// are they renamed over the originals. A failure before the renames leaves
// every file as it was.
func Write(root string, files []File) error {
	type pending struct{ tmp, dst string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range files {
		dst := filepath.Join(root, filepath.FromSlash(f.Path))
		mode := fs.FileMode(0o644)
		if info, err := os.Lstat(dst); err == nil {
			if !info.Mode().IsRegular() {
				cleanup()
				return fmt.Errorf("%s is not a regular file (a symlink?); nothing was written", f.Path)
			}
			mode = info.Mode().Perm()
		} else if !errors.Is(err, fs.ErrNotExist) || !f.Created {
			cleanup()
			return fmt.Errorf("cannot stat %s: %v; nothing was written", f.Path, unwrap(err))
		}
		tmp, err := writeTemp(filepath.Dir(dst), filepath.Base(dst), f.Data, mode)
		if err != nil {
			cleanup()
			return fmt.Errorf("cannot write %s: %v; nothing was written", f.Path, err)
		}
		done = append(done, pending{tmp, dst})
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.dst); err != nil {
			for _, q := range done[i:] {
				os.Remove(q.tmp)
			}
			var written []string
			for _, q := range done[:i] {
				rel, _ := filepath.Rel(root, q.dst)
				written = append(written, filepath.ToSlash(rel))
			}
			return fmt.Errorf("cannot replace %s: %v; already written: %s", p.dst, unwrap(err), strings.Join(written, ", "))
		}
	}
	return nil
}

func writeTemp(dir, base string, data []byte, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".relguard-*")
	if err != nil {
		return "", unwrap(err)
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", unwrap(err)
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
		return "", unwrap(err)
	}
	return name, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// WriteDiff prints the files' changes as a unified diff with a/ and b/
// prefixes, which `git apply` and `patch -p1` accept.
func WriteDiff(w io.Writer, files []File) error {
	for _, f := range files {
		before, after := string(f.Original), string(f.Data)
		oldLabel := "a/" + f.Path
		if f.Created {
			oldLabel = "/dev/null"
			if _, err := fmt.Fprintf(w, "diff --git a/%s b/%s\nnew file mode 100644\n", f.Path, f.Path); err != nil {
				return err
			}
		}
		if err := unifieddiff.Write(w, oldLabel, "b/"+f.Path, before, after); err != nil {
			return err
		}
	}
	return nil
}
