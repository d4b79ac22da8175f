//go:build unix

package releasecmd

import (
	"path/filepath"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
)

// TestNotesChangelogFlagRefusesIrregularFiles: --changelog names a file
// anywhere; a named pipe there used to block notes in open(2).
func TestNotesChangelogFlagRefusesIrregularFiles(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "CHANGELOG.md")
			irregular.Make(t, path, kind)
			var o outcome
			irregular.Within(t, "notes --changelog on a "+kind, func() { o = run(t, Notes, "1.0.0", "--changelog", path) })
			want := "relguard notes: " + path + " is a " + kind + ", not a file\n"
			if kind == "device" {
				want = "relguard notes: " + path + " is a symlink to a device, not a file\n"
			}
			if o.code != 2 || o.stderr != want || o.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", o.code, o.stdout, o.stderr, want)
			}
		})
	}
}
