package main

import (
	"path/filepath"
	"testing"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
)

// releaseRepo is a committed repository whose release reads VERSION,
// CHANGELOG.md, relguard.yaml and nginx.conf with an include.
func releaseRepo(t *testing.T) string {
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
