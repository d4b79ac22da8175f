package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// incident is the bundled example module that reproduces the incident.
var incident = filepath.Join("..", "..", "testdata", "incident")

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

type jsonDiag struct {
	Analyzer string `json:"analyzer"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Fixes    []struct {
		Message string `json:"message"`
		Edits   []struct {
			File    string `json:"file"`
			Offset  int    `json:"offset"`
			End     int    `json:"end"`
			NewText string `json:"new_text"`
		} `json:"edits"`
	} `json:"fixes"`
}

func lintJSON(t *testing.T, args ...string) (int, []jsonDiag) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"lint", "--format", "json"}, args...)...)
	var report struct {
		Diagnostics []jsonDiag `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("output is not one JSON object: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	if report.Diagnostics == nil {
		t.Fatalf("diagnostics is null, want an array:\n%s", stdout)
	}
	return code, report.Diagnostics
}

// TestIncidentReportedOnImportLine is the acceptance check: the incident's
// pattern (two Session types imported unaliased into one file) is reported
// on the import lines, with a fix.
func TestIncidentReportedOnImportLine(t *testing.T) {
	code, diags := lintJSON(t, "-C", incident, "./...")
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	imports := map[int]bool{}
	for _, d := range diags {
		if d.Analyzer != "ambigtype" {
			continue
		}
		if d.File != filepath.Join("routes", "auth.go") {
			t.Errorf("ambigtype reported in %s, want routes/auth.go", d.File)
		}
		if len(d.Fixes) == 0 || len(d.Fixes[0].Edits) == 0 {
			t.Errorf("%s:%d: no suggested fix", d.File, d.Line)
		}
		imports[d.Line] = true
	}
	// Lines 8 and 9 import example.com/incident/db and .../models.
	if !imports[8] || !imports[9] || len(imports) != 2 {
		t.Errorf("ambigtype lines = %v, want the import lines 8 and 9", imports)
	}
}

func TestIncidentCookieReported(t *testing.T) {
	_, diags := lintJSON(t, "-C", incident, "--analyzers", "cookiesec")
	for _, d := range diags {
		if d.Analyzer == "cookiesec" && d.File == filepath.Join("routes", "auth.go") && d.Line == 21 {
			return
		}
	}
	t.Errorf("cookiesec did not report the session cookie set without Secure/HttpOnly/SameSite at routes/auth.go:21; got %+v", diags)
}

// TestIncidentFix applies the configured aliases with --fix, after checking
// that --diff shows the same change without writing, and that the fixed
// module still type-checks.
func TestIncidentFix(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incident")
	if err := os.CopyFS(dir, os.DirFS(incident)); err != nil {
		t.Fatal(err)
	}
	routes := filepath.Join(dir, "routes", "auth.go")
	before, err := os.ReadFile(routes)
	if err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCLI(t, "lint", "-C", dir, "--analyzers", "ambigtype", "--diff")
	if code != 1 || !strings.HasPrefix(stdout, "--- a/routes/auth.go\n+++ b/routes/auth.go\n") ||
		!strings.Contains(stdout, "+\tdbsession \"example.com/incident/db\"\n") {
		t.Errorf("--diff: code %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if now, _ := os.ReadFile(routes); !bytes.Equal(now, before) {
		t.Fatal("--diff changed the file")
	}

	code, stdout, stderr = runCLI(t, "lint", "-C", dir, "--analyzers", "ambigtype", "--fix")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "relguard lint: fixed 2 diagnostics in routes/auth.go") {
		t.Errorf("--fix: code %d, stdout %q, stderr %q; want 0, no remaining diagnostics", code, stdout, stderr)
	}
	after, err := os.ReadFile(routes)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\tdbsession \"example.com/incident/db\"\n", "\tapimodels \"example.com/incident/models\"\n", "var s *dbsession.Session\n"} {
		if !bytes.Contains(after, []byte(want)) {
			t.Errorf("fixed file lacks %q:\n%s", want, after)
		}
	}
	// The fix renamed identifiers only: the rest of the file is unchanged.
	if len(strings.Split(string(after), "\n")) != len(strings.Split(string(before), "\n")) {
		t.Errorf("--fix changed the number of lines")
	}
	if code, _, stderr := runCLI(t, "lint", "-C", dir, "--analyzers", "none"); code != 0 {
		t.Errorf("fixed module no longer type-checks: code %d\n%s", code, stderr)
	}
	if code, stdout, _ := runCLI(t, "lint", "-C", dir, "--analyzers", "ambigtype"); code != 0 || stdout != "" {
		t.Errorf("ambigtype still reports after --fix: code %d\n%s", code, stdout)
	}
}

func TestLintUsageAndErrors(t *testing.T) {
	code, stdout, _ := runCLI(t, "lint", "-h")
	if code != 0 || !strings.Contains(stdout, "-ambigtype.names") {
		t.Errorf("lint -h: code %d, stdout:\n%s", code, stdout)
	}
	code, _, stderr := runCLI(t, "lint", "-C", incident, "--analyzers", "nosuch")
	if code != 2 || !strings.Contains(stderr, `unknown analyzer "nosuch"`) {
		t.Errorf("unknown analyzer: code %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "lint", "-C", incident, "-ambigtype.names=not an identifier")
	if code != 2 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("invalid analyzer flag: code %d, stderr %q; want 2 and one line", code, stderr)
	}
}

func TestHelpCommand(t *testing.T) {
	for cmd, want := range map[string]string{"check": "usage: relguard check VERSION", "verify": "usage: relguard verify URL", "lint": "-ambigtype.names"} {
		code, stdout, _ := runCLI(t, "help", cmd)
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("help %s (exit %d):\n%s", cmd, code, stdout)
		}
	}
	code, _, stderr := runCLI(t, "help", "nosuch")
	if code != 2 || !strings.Contains(stderr, `unknown command "nosuch"`) {
		t.Errorf("help nosuch (exit %d): %s", code, stderr)
	}
}

func TestVerifyIsDispatched(t *testing.T) {
	code, stdout, _ := runCLI(t, "help")
	if code != 0 || !strings.Contains(stdout, "relguard verify URL [flags]") {
		t.Errorf("help (exit %d) does not list verify:\n%s", code, stdout)
	}
	code, stdout, _ = runCLI(t, "verify", "-h")
	if code != 0 || !strings.HasPrefix(stdout, "usage: relguard verify URL [flags]") || !strings.Contains(stdout, "-cacert") {
		t.Errorf("verify -h (exit %d):\n%s", code, stdout)
	}
	code, _, stderr := runCLI(t, "verify", "ftp://example.com")
	if code != 2 || !strings.Contains(stderr, `relguard verify: "ftp://example.com" is not an http:// or https:// URL`) {
		t.Errorf("verify ftp:// (exit %d): %s", code, stderr)
	}
}
