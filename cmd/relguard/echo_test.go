package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
)

// longestLine is the length of the longest line of s.
func longestLine(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, len(l))
	}
	return n
}

// TestEchoedInputIsBounded: a 10 KB argument or a 1.2 MB line of a file
// used to be echoed whole, once or several times.
func TestEchoedInputIsBounded(t *testing.T) {
	huge := strings.Repeat("x", 10<<10)
	cut := `"` + strings.Repeat("x", 80) + `…"`
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", huge}, "relguard check: " + cut + " is not a semantic version"},
		{[]string{"notes", huge}, "relguard notes: " + cut + " is not a semantic version"},
		{[]string{"tag", "v" + huge}, "relguard tag: \"v" + strings.Repeat("x", 79) + "…\" is not a semantic version"},
		{[]string{"check", "0.5.0", "0.6.0", huge}, "relguard check: expected one VERSION, got 3 arguments (0.5.0 0.6.0 " + strings.Repeat("x", 68) + "…)"},
		{[]string{"check", "0.5.0", "--format", huge}, "relguard check: unknown --format " + cut},
		{[]string{"check", "0.5.0", "--skip", huge}, "relguard check: unknown check ID " + cut},
		{[]string{"check", "0.5.0", "--" + huge}, "relguard check: flag provided but not defined: -" + strings.Repeat("x", 80) + "…"},
		{[]string{"lint", "--" + huge}, "relguard lint: flag provided but not defined: -" + strings.Repeat("x", 80) + "…"},
		{[]string{"lint", "--analyzers", huge}, "relguard lint: unknown analyzer " + cut},
		{[]string{"hooks", huge}, "relguard hooks: unknown command " + cut},
		{[]string{"hooks", "pre-push", "origin", "url", huge}, "relguard hooks pre-push: unexpected argument " + cut},
		{[]string{huge}, "relguard: unknown command " + cut},
	} {
		_, _, stderr := runCLI(t, c.args...)
		if !strings.HasPrefix(stderr, c.want) || longestLine(stderr) > 400 {
			t.Errorf("relguard %.40q...: stderr (%d bytes) %.300q; want it to start %.200q", c.args, len(stderr), stderr, c.want)
		}
	}
}

// TestLongSemverHasItsOwnMessage: a valid version over 255 characters is
// not "not a semantic version".
func TestLongSemverHasItsOwnMessage(t *testing.T) {
	long := "1.0.0-" + strings.Repeat("a", 300)
	code, _, stderr := runCLI(t, "check", long)
	want := `relguard check: the version "1.0.0-` + strings.Repeat("a", 74) + `…" is 306 characters long, over the 255-character limit for a release version`
	if code != 2 || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
	if code, _, stderr := runCLI(t, "check", "1.0.0-"+strings.Repeat("a", 300)+"!"); code != 2 || !strings.Contains(stderr, "is not a semantic version") {
		t.Errorf("a long non-version: exit %d, stderr %q", code, stderr)
	}
}

// TestHugeImageLineIsBounded: a 1.2 MB image reference in a compose file.
func TestHugeImageLineIsBounded(t *testing.T) {
	dir := releaseRepo(t)
	g := gittest.At(t, dir)
	g.Write("docker-compose.prod.yml", "services:\n  app:\n    image: registry.example.com/app:"+strings.Repeat("a", 1200<<10)+"\n")
	g.Write("relguard.yaml", "version_files:\n  - VERSION\nimages:\n  compose: [docker-compose.prod.yml]\n  own: [registry.example.com/app]\n")
	g.Commit("a huge image line")
	t.Chdir(dir)
	code, stdout, _ := runCLI(t, "check", "0.5.0")
	if code != 1 || len(stdout) > 10<<10 || longestLine(stdout) > 400 || !strings.Contains(stdout, "image registry.example.com/app:"+strings.Repeat("a", 55)+"… invalid image reference") {
		t.Errorf("exit %d, %d bytes of report, longest line %d:\n%.2000s", code, len(stdout), longestLine(stdout), stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "docker-compose.prod.yml")); err != nil {
		t.Fatal(err)
	}
}

// TestHugeFileValuesAreBounded: a version, an env value, an nginx header
// value and an include pattern of 20 KB each are echoed cut.
func TestHugeFileValuesAreBounded(t *testing.T) {
	dir := releaseRepo(t)
	g := gittest.At(t, dir)
	huge := strings.Repeat("Z", 20<<10)
	g.Write("VERSION", huge+"\n")
	g.Write(".env.prod", "APP_ENV=x\nAPP_ENV="+huge+"\n")
	g.Write("nginx.conf", "server {\n  add_header X-Frame-Options \""+huge+"\";\n  include "+huge+";\n}\n")
	g.Write("docker-compose.prod.yml", "services:\n  db:\n    image: \"postgres:${"+huge+"}\"\n")
	g.Write("relguard.yaml", "version_files:\n  - VERSION\nenv:\n  - file: .env.prod\n    require: {APP_ENV: production}\nnginx:\n  - file: nginx.conf\n    headers: [X-Frame-Options]\nimages:\n  compose: [docker-compose.prod.yml]\n")
	g.Commit("huge values")
	t.Chdir(dir)
	code, stdout, stderr := runCLI(t, "check", "0.5.0")
	if code != 1 || longestLine(stdout) > 400 || len(stdout) > 8<<10 {
		t.Errorf("exit %d, %d bytes, longest line %d:\n%.3000s\n%s", code, len(stdout), longestLine(stdout), stdout, stderr)
	}
	for _, want := range []string{"VERSION has version " + strings.Repeat("Z", 80) + "…", "sets APP_ENV=" + strings.Repeat("Z", 80) + "…", "include " + strings.Repeat("Z", 80) + "…", "${" + strings.Repeat("Z", 80) + "…}"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %.60q…", want)
		}
	}
}
