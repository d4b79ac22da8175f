package lint_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/hooks"
	"github.com/relguard/relguard/internal/lint"
)

const (
	insecureLogin = "package web\n\nimport \"net/http\"\n\nfunc Login(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: \"session_id\", Value: \"x\"})\n}\n"
	secureLogin   = "package web\n\nimport \"net/http\"\n\nfunc Login(w http.ResponseWriter) {\n\thttp.SetCookie(w, &http.Cookie{Name: \"session_id\", Value: \"x\", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})\n}\n"
)

// TestPreCommitCacheSeesStagedContent runs the pre-commit hook (which lints
// the staged content through an overlay) and relguard lint (which lints
// the work tree) in turn on a file whose staged and unstaged versions
// differ: each must report on its own version, whatever the cache holds
// from the other, and the second hook run must come from the cache.
func TestPreCommitCacheSeesStagedContent(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.com")
	cache := t.TempDir()
	t.Setenv("RELGUARD_CACHE", cache)

	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("go.mod", "module example.com/web\n\ngo 1.22\n")
	write("web/login.go", "package web\n")
	git("add", ".")
	git("commit", "-q", "-m", "init")

	preCommit := func() (int, string) {
		var out, errOut bytes.Buffer
		code := hooks.PreCommit(repo, &out, &errOut)
		return code, out.String()
	}
	lintTree := func() (int, string) {
		var out, errOut bytes.Buffer
		code := lint.Main([]string{"-C", repo, "./..."}, &out, &errOut)
		return code, out.String()
	}
	entries := func() int {
		n := 0
		_ = filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, "-r") {
				n++
			}
			return nil
		})
		return n
	}

	// The insecure cookie is staged; the work tree has the fix, unstaged.
	write("web/login.go", insecureLogin)
	git("add", "web/login.go")
	write("web/login.go", secureLogin)

	code, staged := preCommit()
	if code != 1 || !strings.Contains(staged, `session cookie "session_id"`) {
		t.Fatalf("hook on the staged insecure cookie: code %d, output:\n%s", code, staged)
	}
	if code, out := lintTree(); code != 0 || out != "" {
		t.Errorf("relguard lint on the fixed work tree: code %d, output:\n%s", code, out)
	}
	before := entries()
	if code, again := preCommit(); code != 1 || again != staged {
		t.Errorf("hook again: code %d, output:\n%s\nwant:\n%s", code, again, staged)
	}
	if after := entries(); after != before {
		t.Errorf("the second hook run wrote %d new cache entries; want its result from the cache", after-before)
	}

	// The other way round: the fix is staged, the work tree is insecure.
	write("web/login.go", secureLogin)
	git("add", "web/login.go")
	write("web/login.go", insecureLogin)
	if code, out := preCommit(); code != 0 || out != "" {
		t.Errorf("hook on the staged fix: code %d, output:\n%s", code, out)
	}
	if code, out := lintTree(); code != 1 || !strings.Contains(out, `session cookie "session_id"`) {
		t.Errorf("relguard lint on the insecure work tree: code %d, output:\n%s", code, out)
	}
}
