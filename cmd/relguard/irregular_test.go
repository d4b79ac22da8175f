//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
)

// TestCommandsRefuseNamedPipes: every command that reads VERSION, the
// changelog, relguard.yaml or an nginx include used to block forever when
// one was a named pipe. Each now stops at once with exit 2 and one line.
func TestCommandsRefuseNamedPipes(t *testing.T) {
	cases := []struct {
		file string
		args []string
		want string
	}{
		{"VERSION", []string{"check", "0.5.0"}, "relguard check: VERSION is a named pipe, not a file"},
		{"VERSION", []string{"tag", "0.5.0"}, "relguard tag: VERSION is a named pipe, not a file"},
		{"CHANGELOG.md", []string{"check", "0.5.0"}, "relguard check: CHANGELOG.md is a named pipe, not a file"},
		{"CHANGELOG.md", []string{"notes", "0.5.0"}, "relguard notes: CHANGELOG.md is a named pipe, not a file"},
		{"CHANGELOG.md", []string{"notes", "0.5.0", "--changelog", "CHANGELOG.md"}, "relguard notes: CHANGELOG.md is a named pipe, not a file"},
		{"extra.conf", []string{"check", "0.5.0"}, "relguard check: extra.conf is a named pipe, not a file"},
		{"extra.conf", []string{"tag", "0.5.0"}, "relguard tag: extra.conf is a named pipe, not a file"},
		{"relguard.yaml", []string{"check", "0.5.0"}, "relguard.yaml: cannot read configuration: it is a named pipe, not a file"},
		{"relguard.yaml", []string{"notes", "0.5.0"}, "relguard.yaml: cannot read configuration: it is a named pipe, not a file"},
		{"relguard.yaml", []string{"tag", "0.5.0"}, "relguard.yaml: cannot read configuration: it is a named pipe, not a file"},
		{"relguard.yaml", []string{"lint", "./..."}, "relguard.yaml: cannot read configuration: it is a named pipe, not a file"},
	}
	for _, c := range cases {
		t.Run(c.file+" "+strings.Join(c.args, " "), func(t *testing.T) {
			dir := releaseRepo(t)
			irregular.Make(t, filepath.Join(dir, c.file), "named pipe")
			t.Chdir(dir)
			var code int
			var stdout, stderr string
			irregular.Within(t, "relguard "+strings.Join(c.args, " "), func() {
				code, stdout, stderr = runCLI(t, c.args...)
			})
			if code != 2 || stderr != c.want+"\n" {
				t.Errorf("exit %d, stderr %q; want 2 and %q\nstdout:\n%s", code, stderr, c.want, stdout)
			}
			if out := gittest.At(t, dir).Git("tag", "--list"); out != "" {
				t.Errorf("tags were created: %q", out)
			}
		})
	}
}

// TestVetDetectionRefusesIrregularFiles: telling go vet's configuration
// from a mistyped command reads the *.cfg argument; a named pipe there must
// not block.
func TestVetDetectionRefusesIrregularFiles(t *testing.T) {
	for _, kind := range irregular.Kinds {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vet.cfg")
			irregular.Make(t, path, kind)
			var code int
			var stderr string
			irregular.Within(t, "relguard on a "+kind+" named vet.cfg", func() { code, _, stderr = runCLI(t, path) })
			if code != 2 || !strings.Contains(stderr, "unknown command") {
				t.Errorf("exit %d, stderr %q; want 2 and unknown command", code, stderr)
			}
		})
	}
}
