package bump

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, root string, files map[string]string, mode os.FileMode) {
	t.Helper()
	for p, s := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), mode); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteKeepsModesAndLeavesNoTemporaryFiles(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"bin/release.sh": "VERSION=0.4.64\n"}, 0o755)
	writeFiles(t, root, map[string]string{"VERSION": "0.4.64\n"}, 0o600)
	err := Write(root, []File{
		{Path: "bin/release.sh", Data: []byte("VERSION=0.5.0\n")},
		{Path: "VERSION", Data: []byte("0.5.0\n")},
		{Path: "CHANGELOG.md", Data: []byte("# Changelog\n"), Created: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{"bin/release.sh": 0o755, "VERSION": 0o600, "CHANGELOG.md": 0o644} {
		info, err := os.Stat(filepath.Join(root, p))
		if err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, err %v, want %v", p, info.Mode().Perm(), err, want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(root, "VERSION")); string(data) != "0.5.0\n" {
		t.Errorf("VERSION = %q", data)
	}
	assertNoTemporaryFiles(t, root)
}

func assertNoTemporaryFiles(t *testing.T, root string) {
	t.Helper()
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(filepath.Base(p), ".relguard-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDiffIsAcceptedByGitApply checks the dry-run diff with git itself,
// on the shapes a diff tool gets wrong: CRLF, a BOM, no final newline, a
// new file and several hunks in one file.
func TestDiffIsAcceptedByGitApply(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	long := strings.Repeat("line\n", 20)
	before := map[string]string{
		"package.json":   bom + "{\r\n  \"version\": \"0.4.64\"\r\n}\r\n",
		"VERSION":        "0.4.64",
		"CHANGELOG.md":   "## [Unreleased]\n\n- Fix.\n" + long + "[Unreleased]: https://x/compare/v0.4.64...HEAD\n",
		"sub/Chart.yaml": "appVersion: 0.4.64\n",
	}
	root := t.TempDir()
	writeFiles(t, root, before, 0o644)
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q")

	p := NewPlan(reader(before))
	for _, tg := range []Target{{Path: "package.json", Syntax: JSON}, {Path: "VERSION", Syntax: Plain}, {Path: "sub/Chart.yaml", Syntax: YAML, Key: "appVersion"}} {
		if _, err := p.SetVersion(tg, "0.5.0"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Changelog(ChangelogRelease{Path: "CHANGELOG.md", Version: "0.5.0", Tag: "v0.5.0", Date: "2025-01-27"}); err != nil {
		t.Fatal(err)
	}
	p.Create("NEWS.md", []byte("# News\n"))
	var diff bytes.Buffer
	if err := WriteDiff(&diff, p.Files()); err != nil {
		t.Fatal(err)
	}
	patch := filepath.Join(t.TempDir(), "bump.patch")
	if err := os.WriteFile(patch, diff.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	git("apply", "--check", patch)
	git("apply", patch)
	for _, f := range p.Files() {
		got, err := os.ReadFile(filepath.Join(root, f.Path))
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s after git apply:\n%q\nwant\n%q", f.Path, got, f.Data)
		}
	}
}
