//go:build unix

package gitrepo

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
)

// TestReadFileInRefusesIrregularFiles: a named pipe used to block
// ReadFileIn in open(2), and with it check, notes, tag and the hooks.
func TestReadFileInRefusesIrregularFiles(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			root := t.TempDir()
			irregular.Make(t, filepath.Join(root, "VERSION"), kind)
			var err error
			irregular.Within(t, "ReadFileIn on a "+kind, func() { _, err = ReadFileIn(root, "VERSION") })
			want := "VERSION is a " + kind + ", not a file"
			if kind == "device" {
				// The device is a symlink to /dev/zero, outside the root.
				want = "VERSION is a symlink to /dev/zero, outside the repository; relguard reads only files inside the repository"
			}
			if err == nil || err.Error() != want {
				t.Errorf("error %v, want %q", err, want)
			}
			if errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a %s must not look like a missing file", kind)
			}
		})
	}
	t.Run("device node", func(t *testing.T) {
		var err error
		irregular.Within(t, "ReadFileIn on /dev/zero", func() { _, err = ReadFileIn("/dev", "zero") })
		if err == nil || err.Error() != "zero is a device, not a file" {
			t.Errorf("error %v", err)
		}
	})
}
