//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/regularfile/irregular"
	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
)

// irregularRepo is a committed repository whose release reads VERSION,
// CHANGELOG.md, relguard.yaml and nginx.conf with an include.
func irregularRepo(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds git repositories")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	g := gittest.New(t)
	g.Write("VERSION", "0.5.0\n")
	g.Write("CHANGELOG.md", "# Changelog\n\n## [0.5.0] - 2025-01-27\n\n- Fix the logout.\n")
	g.Write("relguard.yaml", "version_files:\n  - VERSION\nnginx:\n  - file: nginx.conf\n")
	g.Write("nginx.conf", "http {\n  include extra.conf;\n}\n")
	g.Write("extra.conf", "server {\n  listen 80;\n}\n")
	g.Write("go.mod", "module example.com/x\n\ngo 1.22\n")
	g.Write("x.go", "package x\n")
	g.Commit("release 0.5.0")
	g.Git("config", "user.name", "Rel Eng")
	g.Git("config", "user.email", "releng@example.com")
	return g.Dir
}

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
			dir := irregularRepo(t)
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
