package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lefthookConfig is the lefthook example of the README.
const lefthookConfig = `pre-commit:
  commands:
    relguard:
      glob: "*.go"
      run: relguard hooks pre-commit
pre-push:
  commands:
    relguard:
      run: relguard hooks pre-push
      use_stdin: true
`

func TestLefthookExample(t *testing.T) {
	requireTool(t, "git")
	requireTool(t, "lefthook") // npm i -E lefthook@2.2.1, then put node_modules/.bin on PATH
	env := []string{"PATH=" + filepath.Dir(relguardBin) + string(os.PathListSeparator) + os.Getenv("PATH")}

	repo, incident := newAppRepo(t)
	writeFile(t, filepath.Join(repo, "lefthook.yml"), lefthookConfig)
	if r := run(t, repo, env, "", "lefthook", "install"); r.code != 0 {
		t.Fatalf("lefthook install: %s", r)
	}
	writeFile(t, filepath.Join(repo, "handlers", "logout.go"), incident)
	mustRun(t, repo, "git", "add", ".")
	r := run(t, repo, env, "", "git", "commit", "-m", "incident")
	if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "handlers/logout.go:7:2: ambiguous type name Session") {
		t.Fatalf("lefthook pre-commit let the incident through: %s", r)
	}

	rel := copyFixture(t, "release")
	remote := filepath.Join(t.TempDir(), "remote.git")
	mustRun(t, rel, "git", "init", "-q", "--bare", remote)
	mustRun(t, rel, "git", "init", "-q", "-b", "main")
	writeFile(t, filepath.Join(rel, "lefthook.yml"), lefthookConfig)
	if r := run(t, rel, env, "", "lefthook", "install"); r.code != 0 {
		t.Fatalf("lefthook install: %s", r)
	}
	mustRun(t, rel, "git", "add", ".")
	mustRun(t, rel, "git", "commit", "-q", "-m", "release")
	mustRun(t, rel, "git", "tag", "-a", "v0.2.0", "-m", "v0.2.0")
	r = run(t, rel, env, "", "git", "push", remote, "v0.2.0")
	if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "not ready to release v0.2.0") {
		t.Fatalf("lefthook pre-push let an unready tag through: %s", r)
	}
}
