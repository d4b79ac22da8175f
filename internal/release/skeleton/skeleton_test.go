package skeleton

import (
	"strings"
	"testing"
)

func TestQuotePath(t *testing.T) {
	for in, want := range map[string]string{
		"a/b c.txt":  "a/b c.txt",
		`a"b`:        `"a\"b"`,
		`back\slash`: `"back\\slash"`,
		"tab\tname":  `"tab\011name"`,
		"ünï.txt":    "ünï.txt",
	} {
		if got := quotePath(in); got != want {
			t.Errorf("quotePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSparsePattern(t *testing.T) {
	for in, want := range map[string]string{
		"CHANGELOG.md":    "CHANGELOG.md",
		"a/[x]/*.json":    `a/\[x]/\*.json`,
		"!important":      `\!important`,
		"#hash/x":         `\#hash/x`,
		"trailing space ": `trailing space\ `,
	} {
		if got := sparsePattern(in); got != want {
			t.Errorf("sparsePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncateChangelog(t *testing.T) {
	doc := "# Changelog\n\n## 1.2.0\n- new\n\n## 1.1.0\n- old\n\n## 1.0.0\n- older\n"
	got, ok := truncateChangelog("CHANGELOG.md", []byte(doc), []string{"1.2.0", "1.1.0"})
	if !ok || string(got) != "# Changelog\n\n## 1.2.0\n- new\n\n## 1.1.0\n- old\n" {
		t.Errorf("cut after the anchor's section: %q %v", got, ok)
	}
	if _, ok := truncateChangelog("src/changes.go", []byte(doc), []string{"1.2.0"}); ok {
		t.Error("a file that is not a changelog was cut")
	}
	long := strings.Repeat("line\n", 100)
	got, ok = truncateChangelog("NEWS", []byte(long), []string{"9.9.9"})
	if !ok || strings.Count(string(got), "\n") != 20 {
		t.Errorf("a changelog without the sections keeps its first lines: %d lines, %v", strings.Count(string(got), "\n"), ok)
	}
}

func TestPreBumpPaths(t *testing.T) {
	s := &Skeleton{Paths: []string{"a", "b", "c"}}
	s.Manifest.PreBump.Added = []string{"0"}
	s.Manifest.PreBump.Removed = []string{"b"}
	if got := strings.Join(s.PreBumpPaths(), ","); got != "0,a,c" {
		t.Errorf("PreBumpPaths = %s", got)
	}
}
