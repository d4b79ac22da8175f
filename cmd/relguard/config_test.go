package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandRejectsMisspeltLintKey: a misspelt lint: key used to be
// ignored by every command but relguard lint, so a check was silently off.
func TestEveryCommandRejectsMisspeltLintKey(t *testing.T) {
	const want = `relguard.yaml:5: lint: unknown setting "ambigtype.nmes": analyzer ambigtype has no flag "nmes"`
	for _, args := range [][]string{
		{"check", "0.5.0"},
		{"notes", "0.5.0"},
		{"tag", "0.5.0"},
		{"lint", "./..."},
		{"hooks", "pre-push", "--from-env"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := releaseRepo(t)
			yaml := "version_files:\n  - VERSION\nlint:\n  ambigtype.names: [Session]\n  ambigtype.nmes: [Token]\n"
			if err := os.WriteFile(filepath.Join(dir, "relguard.yaml"), []byte(yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			// The pre-commit framework's way of naming the pushed ref keeps
			// the hook from reading the test's standard input.
			t.Setenv("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/main")
			code, stdout, stderr := runCLI(t, args...)
			if code != 2 || !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want 2 and one line containing %q\nstdout:\n%s", code, stderr, want, stdout)
			}
		})
	}
}
