//go:build unix

package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
)

// TestLoadRefusesIrregularFiles: relguard.yaml as a named pipe used to
// block every command that reads the configuration.
func TestLoadRefusesIrregularFiles(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			irregular.Make(t, path, kind)
			want := path + ": cannot read configuration: it is a " + kind + ", not a file"
			if kind == "device" {
				want = path + ": cannot read configuration: it is a symlink to a device, not a file"
			}
			for name, load := range map[string]func() error{
				"Load":        func() error { _, err := Load(path); return err },
				"LoadDefault": func() error { _, err := LoadDefault(dir); return err },
			} {
				var err error
				irregular.Within(t, name+" of a "+kind, func() { err = load() })
				if err == nil || err.Error() != want {
					t.Errorf("%s: error %v, want %q", name, err, want)
				}
			}
		})
	}
}

func TestLoadDefaultDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("gone.yaml", filepath.Join(dir, FileName)); err != nil {
		t.Skip(err)
	}
	if _, err := LoadDefault(dir); err == nil {
		t.Error("a dangling relguard.yaml symlink was taken for no configuration")
	}
}
