package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cleanLogout is handlers/logout.go with the incident fixed: the second
// Session import is aliased and the cookie has every attribute.
const cleanLogout = `// Package handlers serves the HTTP API.
package handlers

import (
	"net/http"

	dbsession "example.com/shop/db"
	"example.com/shop/models"
)

// Logout ends the session.
func Logout(w http.ResponseWriter, s *dbsession.Session, u models.Session) {
	http.SetCookie(w, &http.Cookie{Name: "session_id", Value: s.ID + u.UserID, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
`

// newAppRepo makes a git repository of the app fixture with the incident
// fixed, committed, and returns it with the incident's logout.go.
func newAppRepo(t *testing.T) (repo string, incident string) {
	t.Helper()
	requireTool(t, "git")
	repo = copyFixture(t, "app")
	b, err := os.ReadFile(filepath.Join(repo, "handlers", "logout.go"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(repo, "handlers", "logout.go"), cleanLogout)
	mustRun(t, repo, "git", "init", "-q", "-b", "main")
	mustRun(t, repo, "git", "add", ".")
	mustRun(t, repo, "git", "commit", "-q", "-m", "clean start")
	return repo, string(b)
}

func head(t *testing.T, repo string) string {
	t.Helper()
	return strings.TrimSpace(mustRun(t, repo, "git", "rev-parse", "HEAD"))
}

func TestPreCommitHookEndToEnd(t *testing.T) {
	repo, incident := newAppRepo(t)
	logout := filepath.Join(repo, "handlers", "logout.go")
	hookPath := filepath.Join(repo, ".git", "hooks", "pre-commit")

	// The team already has a pre-commit hook; it must keep running.
	foreignLog := filepath.Join(t.TempDir(), "foreign.log")
	foreign := []byte("#!/bin/sh\necho \"foreign hook ran\" >>'" + foreignLog + "'\n")
	if err := os.WriteFile(hookPath, foreign, 0o755); err != nil {
		t.Fatal(err)
	}

	r := run(t, repo, nil, "", relguardBin, "hooks", "install", "--pre-commit")
	if r.code != 0 || !strings.Contains(r.stdout, "installed pre-commit hook in "+hookPath) || !strings.Contains(r.stdout, "pre-commit.relguard-orig") {
		t.Fatalf("install: %s", r)
	}
	r = run(t, repo, nil, "", relguardBin, "hooks", "install", "--pre-commit")
	if r.code != 0 || !strings.Contains(r.stdout, "already installed") {
		t.Fatalf("second install is not idempotent: %s", r)
	}
	if b, _ := os.ReadFile(hookPath + ".relguard-orig"); !bytes.Equal(b, foreign) {
		t.Fatalf("the existing hook was not kept byte for byte: %q", b)
	}

	t.Run("staged incident is refused", func(t *testing.T) {
		before := head(t, repo)
		writeFile(t, logout, incident)
		mustRun(t, repo, "git", "add", "handlers/logout.go")
		r := run(t, repo, nil, "", "git", "commit", "-m", "logout: use both sessions")
		if r.code == 0 {
			t.Fatalf("commit with the incident went through: %s", r)
		}
		out := r.stdout + r.stderr
		for _, want := range []string{
			`handlers/logout.go:7:2: ambiguous type name Session: this file also uses Session from "example.com/shop/models"; give this import a descriptive alias (ambigtype)`,
			`handlers/logout.go:8:2: ambiguous type name Session`,
			`handlers/logout.go:13:21: session cookie "session_id" is sent without Secure`,
			"commit blocked",
			"--no-verify",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("hook output lacks %q:\n%s", want, out)
			}
		}
		if head(t, repo) != before {
			t.Error("HEAD moved although the hook failed")
		}
		if b, _ := os.ReadFile(foreignLog); string(b) != "foreign hook ran\n" {
			t.Errorf("the chained hook ran %q times, want once", b)
		}
	})

	t.Run("fix left unstaged is still refused", func(t *testing.T) {
		writeFile(t, logout, cleanLogout) // the index still holds the incident
		r := run(t, repo, nil, "", "git", "commit", "-m", "logout")
		if r.code == 0 {
			t.Fatalf("commit went through although the staged code has the incident: %s", r)
		}
		// git sends a hook's standard output to its standard error.
		if !strings.Contains(r.stderr, "handlers/logout.go:7:2: ambiguous type name Session") {
			t.Errorf("positions are not those of the staged content:\n%s", r)
		}
	})

	t.Run("staged fix goes through", func(t *testing.T) {
		writeFile(t, logout, cleanLogout+"\n// Fixed after the v0.5.0 incident.\n")
		mustRun(t, repo, "git", "add", "handlers/logout.go")
		before := head(t, repo)
		r := run(t, repo, nil, "", "git", "commit", "-q", "-m", "logout: fixed")
		if r.code != 0 {
			t.Fatalf("clean commit refused: %s", r)
		}
		if head(t, repo) == before {
			t.Error("HEAD did not move")
		}
	})

	t.Run("unstaged mess does not block a clean commit", func(t *testing.T) {
		// Stage a clean change, then leave the incident and a syntax error
		// unstaged in the same package.
		writeFile(t, logout, cleanLogout+"\n// Called by the API gateway.\n")
		mustRun(t, repo, "git", "add", "handlers/logout.go")
		writeFile(t, logout, incident)
		writeFile(t, filepath.Join(repo, "db", "db.go"), "package db\n\ntype Session struct{ ID string\n")
		scratch := filepath.Join(repo, "handlers", "scratch.go") // untracked
		writeFile(t, scratch, "package handlers\n\nvar half = \n")
		r := run(t, repo, nil, "", "git", "commit", "-q", "-m", "docs")
		if r.code != 0 {
			t.Fatalf("unstaged changes blocked a clean commit: %s", r)
		}
		mustRun(t, repo, "git", "checkout", "--", ".")
		os.Remove(scratch)
	})

	t.Run("no staged Go exits at once", func(t *testing.T) {
		writeFile(t, filepath.Join(repo, "README.md"), "shop\n")
		writeFile(t, filepath.Join(repo, "handlers", "broken.go"), "package handlers\nfunc (\n") // untracked, unstaged
		mustRun(t, repo, "git", "add", "README.md")
		r := run(t, repo, nil, "", "git", "commit", "-q", "-m", "readme")
		if r.code != 0 || strings.Contains(r.stdout+r.stderr, "relguard") {
			t.Fatalf("a commit without Go files: %s", r)
		}
		os.Remove(filepath.Join(repo, "handlers", "broken.go"))
	})

	t.Run("commit -a lints the work tree being committed", func(t *testing.T) {
		writeFile(t, logout, incident)
		r := run(t, repo, nil, "", "git", "commit", "-a", "-m", "all")
		if r.code == 0 || !strings.Contains(r.stderr, "handlers/logout.go:7:2: ambiguous type name Session") {
			t.Fatalf("git commit -a with the incident: %s", r)
		}
		// A partial commit of another path leaves logout.go out of it.
		writeFile(t, filepath.Join(repo, "models", "models.go"), "// Package models holds the API's data types.\npackage models\n\n// Session is the session shown to the user.\ntype Session struct{ UserID, Name string }\n")
		r = run(t, repo, nil, "", "git", "commit", "-q", "-m", "models", "--", "models/models.go")
		if r.code != 0 {
			t.Fatalf("partial commit of a clean file refused: %s", r)
		}
		mustRun(t, repo, "git", "checkout", "--", ".")
	})

	t.Run("--no-verify is the escape hatch", func(t *testing.T) {
		writeFile(t, logout, incident)
		mustRun(t, repo, "git", "add", "handlers/logout.go")
		r := run(t, repo, nil, "", "git", "commit", "-q", "--no-verify", "-m", "hotfix")
		if r.code != 0 {
			t.Fatalf("--no-verify commit refused: %s", r)
		}
	})

	r = run(t, repo, nil, "", relguardBin, "hooks", "uninstall")
	if r.code != 0 {
		t.Fatalf("uninstall: %s", r)
	}
	got, err := os.ReadFile(hookPath)
	if err != nil || !bytes.Equal(got, foreign) {
		t.Fatalf("uninstall did not restore the original hook byte for byte: %q, %v", got, err)
	}
	if info, _ := os.Stat(hookPath); info.Mode().Perm() != 0o755 {
		t.Errorf("restored hook mode %v", info.Mode().Perm())
	}
	if _, err := os.Lstat(hookPath + ".relguard-orig"); err == nil {
		t.Error("uninstall left pre-commit.relguard-orig behind")
	}
}

func TestPreCommitHookForeignFailureStopsCommit(t *testing.T) {
	repo, _ := newAppRepo(t)
	hookPath := filepath.Join(repo, ".git", "hooks", "pre-commit")
	writeFile(t, hookPath, "#!/bin/sh\necho 'team policy: no commits on Fridays' >&2\nexit 3\n")
	if err := os.Chmod(hookPath, 0o755); err != nil {
		t.Fatal(err)
	}
	mustRun(t, repo, relguardBin, "hooks", "install", "--pre-commit")
	writeFile(t, filepath.Join(repo, "handlers", "logout.go"), cleanLogout+"\n// ok\n")
	mustRun(t, repo, "git", "add", ".")
	r := run(t, repo, nil, "", "git", "commit", "-m", "x")
	if r.code == 0 || !strings.Contains(r.stderr, "no commits on Fridays") {
		t.Fatalf("a failing chained hook did not stop the commit: %s", r)
	}
}

func TestPreCommitHookHonoursHooksPathAndMissingBinary(t *testing.T) {
	repo, incident := newAppRepo(t)
	mustRun(t, repo, "git", "config", "core.hooksPath", ".githooks")
	// A hooks directory inside the work tree must be ignored (or committed,
	// with install --force): hooks left there uncommitted would dirty it.
	writeFile(t, filepath.Join(repo, ".git", "info", "exclude"), ".githooks/\n")
	binDir := t.TempDir()
	bin := filepath.Join(binDir, "relguard")
	data, err := os.ReadFile(relguardBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	r := run(t, repo, nil, "", bin, "hooks", "install")
	if r.code != 0 || !strings.Contains(r.stdout, filepath.Join(repo, ".githooks", "pre-commit")) {
		t.Fatalf("install with core.hooksPath: %s", r)
	}
	writeFile(t, filepath.Join(repo, "handlers", "logout.go"), incident)
	mustRun(t, repo, "git", "add", ".")
	if r := run(t, repo, nil, "", "git", "commit", "-m", "x"); r.code == 0 {
		t.Fatalf("hook in core.hooksPath did not run: %s", r)
	}

	// The recorded binary is gone and none is on PATH: fail closed.
	os.Remove(bin)
	r = run(t, repo, []string{"PATH=" + filepath.Dir(goBinary(t)) + ":/usr/bin:/bin"}, "", "git", "commit", "-m", "x")
	if r.code == 0 || !strings.Contains(r.stderr, "relguard binary not found") || !strings.Contains(r.stderr, "--no-verify") {
		t.Fatalf("missing binary: %s", r)
	}
}

func goBinary(t *testing.T) string {
	t.Helper()
	out := strings.TrimSpace(mustRun(t, repoRoot, "go", "env", "GOROOT"))
	return filepath.Join(out, "bin", "go")
}

func TestPrePushHookGuardsReleaseTags(t *testing.T) {
	requireTool(t, "git")
	repo := copyFixture(t, "release")
	remote := filepath.Join(t.TempDir(), "remote.git")
	mustRun(t, repo, "git", "init", "-q", "--bare", remote)
	mustRun(t, repo, "git", "init", "-q", "-b", "main")
	mustRun(t, repo, "git", "add", ".")
	mustRun(t, repo, "git", "commit", "-q", "-m", "release 0.1.0")
	mustRun(t, repo, "git", "remote", "add", "origin", remote)

	// A pre-push hook that records what git passed it on stdin.
	pushLog := filepath.Join(t.TempDir(), "push.log")
	hookPath := filepath.Join(repo, ".git", "hooks", "pre-push")
	writeFile(t, hookPath, "#!/bin/sh\ncat >>'"+pushLog+"'\n")
	if err := os.Chmod(hookPath, 0o755); err != nil {
		t.Fatal(err)
	}
	mustRun(t, repo, relguardBin, "hooks", "install", "--pre-push")

	if r := run(t, repo, nil, "", "git", "push", "-q", "origin", "main"); r.code != 0 {
		t.Fatalf("pushing a branch: %s", r)
	}

	mustRun(t, repo, "git", "tag", "-a", "v0.1.0", "-m", "v0.1.0")
	r := run(t, repo, nil, "", "git", "push", "origin", "v0.1.0")
	if r.code != 0 {
		t.Fatalf("pushing a ready release tag was refused: %s", r)
	}
	if !strings.Contains(r.stdout, "ready to release v0.1.0") {
		t.Errorf("the release guard did not run for v0.1.0: %s", r)
	}

	// 0.2.0 is tagged without bumping package.json or the changelog.
	mustRun(t, repo, "git", "tag", "-a", "v0.2.0", "-m", "v0.2.0")
	r = run(t, repo, nil, "", "git", "push", "origin", "v0.2.0")
	if r.code == 0 {
		t.Fatalf("pushing a release tag that fails the guard went through: %s", r)
	}
	for _, want := range []string{"package.json has version 0.1.0, want 0.2.0", "CHANGELOG.md has no section for 0.2.0"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("push output lacks %q: %s", want, r)
		}
	}
	if !strings.Contains(r.stderr, "push blocked") {
		t.Errorf("no explanation on stderr: %s", r)
	}
	if out := mustRun(t, repo, "git", "ls-remote", "--tags", remote); strings.Contains(out, "v0.2.0") {
		t.Errorf("the remote got v0.2.0:\n%s", out)
	}

	// Non-release tags and deletions pass.
	mustRun(t, repo, "git", "tag", "nightly")
	if r := run(t, repo, nil, "", "git", "push", "-q", "origin", "nightly"); r.code != 0 {
		t.Errorf("pushing a non-release tag: %s", r)
	}
	if r := run(t, repo, nil, "", "git", "push", "-q", "origin", ":refs/tags/v0.1.0"); r.code != 0 {
		t.Errorf("deleting a tag: %s", r)
	}

	// The chained hook saw every push's refs on stdin.
	log, _ := os.ReadFile(pushLog)
	for _, want := range []string{"refs/heads/main", "refs/tags/v0.1.0", "refs/tags/v0.2.0", "refs/tags/nightly"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("the chained pre-push hook did not receive %s; got:\n%s", want, log)
		}
	}
}
