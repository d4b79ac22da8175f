package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshotCheckout commits the relguard checkout as it is on disk (tracked
// and untracked, not ignored) into a new repository, because pre-commit
// try-repo only sees committed and staged files.
func snapshotCheckout(t *testing.T) string {
	t.Helper()
	out := mustRun(t, repoRoot, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	dst := filepath.Join(t.TempDir(), "relguard")
	for _, rel := range strings.Split(out, "\x00") {
		if rel == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(repoRoot, rel))
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dst, rel), string(data))
	}
	mustRun(t, dst, "git", "init", "-q", "-b", "main")
	mustRun(t, dst, "git", "add", ".")
	mustRun(t, dst, "git", "commit", "-q", "--no-verify", "-m", "snapshot")
	return dst
}

func preCommitEnv(t *testing.T) []string {
	gomodcache := strings.TrimSpace(mustRun(t, repoRoot, "go", "env", "GOMODCACHE"))
	return []string{
		"PRE_COMMIT_HOME=" + t.TempDir(),
		// The framework points GOPATH at its own environment; keep the
		// shared module cache so that no module is downloaded again.
		"GOMODCACHE=" + gomodcache,
	}
}

func TestPreCommitFramework(t *testing.T) {
	if testing.Short() {
		t.Skip("the pre-commit framework builds relguard with go install; skipped with -short")
	}
	requireTool(t, "git")
	requireTool(t, "pre-commit")
	relguardRepo := snapshotCheckout(t)
	env := preCommitEnv(t)

	repo, incident := newAppRepo(t)
	writeFile(t, filepath.Join(repo, "handlers", "logout.go"), incident)
	mustRun(t, repo, "git", "add", ".")
	mustRun(t, repo, "git", "commit", "-q", "-m", "incident")

	r := run(t, repo, env, "", "pre-commit", "try-repo", relguardRepo, "relguard-lint", "--all-files")
	if r.code != 1 {
		t.Fatalf("relguard-lint on the incident: want exit 1, got %s", r)
	}
	for _, want := range []string{
		`handlers/logout.go:7:2: ambiguous type name Session: this file also uses Session from "example.com/shop/models"; give this import a descriptive alias (ambigtype)`,
		`handlers/logout.go:13:21: session cookie "session_id" is sent without Secure`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("pre-commit output lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "web/web.go") {
		t.Errorf("the clean package was reported:\n%s", r)
	}

	writeFile(t, filepath.Join(repo, "handlers", "logout.go"), cleanLogout)
	mustRun(t, repo, "git", "commit", "-q", "-am", "fix")
	r = run(t, repo, env, "", "pre-commit", "try-repo", relguardRepo, "relguard-lint", "--all-files")
	if r.code != 0 {
		t.Fatalf("relguard-lint on clean code: want exit 0, got %s", r)
	}

	t.Run("relguard-check on a release tag", func(t *testing.T) {
		rel := copyFixture(t, "release")
		mustRun(t, rel, "git", "init", "-q", "-b", "main")
		mustRun(t, rel, "git", "add", ".")
		mustRun(t, rel, "git", "commit", "-q", "-m", "release 0.1.0")
		mustRun(t, rel, "git", "tag", "-a", "v0.1.0", "-m", "v0.1.0")
		push := func(tag string) result {
			return run(t, rel, env, "", "pre-commit", "try-repo", relguardRepo, "relguard-check",
				"--verbose", "--hook-stage", "push", "--remote-name", "origin", "--remote-url", "/dev/null",
				"--local-branch", "refs/tags/"+tag, "--remote-branch", "refs/tags/"+tag)
		}
		if r := push("v0.1.0"); r.code != 0 || !strings.Contains(r.stdout, "ready to release v0.1.0") {
			t.Errorf("ready tag v0.1.0: want exit 0 after the guard ran, got %s", r)
		}
		mustRun(t, rel, "git", "tag", "-a", "v0.2.0", "-m", "v0.2.0")
		if r := push("v0.2.0"); r.code != 1 || !strings.Contains(r.stdout, "CHANGELOG.md has no section for 0.2.0") {
			t.Errorf("unready tag v0.2.0: want exit 1 with the guard's findings, got %s", r)
		}
	})
}
