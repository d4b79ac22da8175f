//go:build unix

package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
)

// TestConfigRefusesIrregularFiles: relguard.yaml found at the module root
// or named by --config is refused at once when it is not a file.
func TestConfigRefusesIrregularFiles(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			irregular.Make(t, filepath.Join(dir, "relguard.yaml"), kind)
			want := "relguard.yaml: cannot read configuration: it is a " + kind + ", not a file\n"
			if kind == "device" {
				want = "relguard.yaml: cannot read configuration: it is a symlink to a device, not a file\n"
			}
			for _, args := range [][]string{{"-C", dir}, {"-C", dir, "--config", "relguard.yaml"}} {
				var code int
				var stderr string
				irregular.Within(t, "lint with a "+kind+" relguard.yaml", func() { code, _, stderr = runMain(t, args...) })
				if code != ExitError || stderr != want {
					t.Errorf("%q: exit %d, stderr %q; want %d and %q", args, code, stderr, ExitError, want)
				}
			}
			// The line finder for configuration errors reads the file too.
			irregular.Within(t, "lintKeyLine on a "+kind, func() {
				if line := lintKeyLine(filepath.Join(dir, "relguard.yaml"), "enable"); line != 0 {
					t.Errorf("lintKeyLine = %d", line)
				}
			})
		})
	}
}
