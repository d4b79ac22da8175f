package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// golangciLint builds (or reuses) golangci-lint with the relguard plugin
// through hooks/build-golangci-lint.sh, the module-proxy-only route. The
// first build takes minutes; later runs reuse the binary cached under the
// plugin's hash.
func golangciLint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("building golangci-lint with the relguard plugin takes minutes; skipped with -short")
	}
	requireTool(t, "sh")
	script := filepath.Join(repoRoot, "hooks", "build-golangci-lint.sh")
	r := run(t, repoRoot, nil, "", "sh", script)
	if r.code != 0 {
		t.Fatalf("build-golangci-lint.sh: %s", r)
	}
	bin := strings.TrimSpace(r.stdout)
	// A second run with the plugin unchanged only looks up the cache.
	again := run(t, repoRoot, nil, "", "sh", script)
	if again.code != 0 || strings.TrimSpace(again.stdout) != bin || !strings.Contains(again.stderr, "using cached") {
		t.Fatalf("rerun did not reuse the cached binary %s: %s", bin, again)
	}
	return bin
}

type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func (i gclIssue) String() string {
	return fmt.Sprintf("%s:%d:%d: %s (%s)", i.Pos.Filename, i.Pos.Line, i.Pos.Column, i.Text, i.FromLinter)
}

// golangciRun runs the custom golangci-lint on the gcl fixture and returns
// its issues as "file:line:col: text (linter)" lines, sorted.
func golangciRun(t *testing.T, bin, dir string, args ...string) ([]string, result) {
	t.Helper()
	env := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}
	r := run(t, dir, env, "", bin, append([]string{"run", "--output.json.path", "stdout"}, args...)...)
	if r.code != 0 && r.code != 1 {
		return nil, r
	}
	var report struct{ Issues []gclIssue }
	if err := json.NewDecoder(strings.NewReader(r.stdout)).Decode(&report); err != nil {
		t.Fatalf("golangci-lint JSON output: %v\n%s", err, r)
	}
	var lines []string
	for _, is := range report.Issues {
		lines = append(lines, is.String())
	}
	sort.Strings(lines)
	return lines, r
}

func TestGolangciLintPlugin(t *testing.T) {
	bin := golangciLint(t)
	if r := run(t, repoRoot, nil, "", bin, "version"); !strings.Contains(r.stdout+r.stderr, "2.15.0-custom-") {
		t.Errorf("the version does not carry the plugin hash, so golangci-lint's cache would serve stale results: %s", r)
	}
	mod := copyFixture(t, "gcl")

	t.Run("both findings at exact positions, nolint honoured", func(t *testing.T) {
		got, r := golangciRun(t, bin, mod)
		if r.code != 1 {
			t.Fatalf("want exit 1 (issues), got %s", r)
		}
		want := []string{
			`handlers/logout.go:13:21: cookiesec: session cookie "session_id" is sent without HttpOnly, so scripts can read it; set HttpOnly to true (relguard)`,
			`handlers/logout.go:13:21: cookiesec: session cookie "session_id" is sent without SameSite Lax or Strict, so it goes with cross-site requests; set SameSite to Lax (relguard)`,
			`handlers/logout.go:13:21: cookiesec: session cookie "session_id" is sent without Secure, so it can travel over plain HTTP; set Secure to true (relguard)`,
			`handlers/logout.go:7:2: ambigtype: ambiguous type name Session: this file also uses Session from "example.com/gcl/models"; give this import a descriptive alias (relguard)`,
			`handlers/logout.go:8:2: ambigtype: ambiguous type name Session: this file also uses Session from "example.com/gcl/db"; give this import a descriptive alias (relguard)`,
			`handlers/token.go:4:2: ambigtype: ambiguous type name Token: this file also uses Token from "example.com/gcl/oauth"; give this import a descriptive alias (relguard)`,
			`handlers/token.go:5:2: ambigtype: ambiguous type name Token: this file also uses Token from "example.com/gcl/auth"; give this import a descriptive alias (relguard)`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("issues:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("nested settings change what is reported", func(t *testing.T) {
		got, r := golangciRun(t, bin, mod, "-c", "tokens-only.golangci.yml")
		if r.code != 1 {
			t.Fatalf("want exit 1 (issues), got %s", r)
		}
		var ambig, cookie []string
		for _, l := range got {
			switch {
			case strings.Contains(l, ": ambigtype: "):
				ambig = append(ambig, l[:strings.Index(l, ": ambigtype")])
			case strings.Contains(l, ": cookiesec: "):
				cookie = append(cookie, l)
			}
		}
		if strings.Join(ambig, " ") != "handlers/token.go:4:2 handlers/token.go:5:2" {
			t.Errorf("ambigtype.names: [Token] should report only the Token imports, got:\n%s", strings.Join(got, "\n"))
		}
		// session_id no longer matches the session-names pattern ^sid$: it
		// is an ordinary cookie now, held to fewer rules.
		if len(cookie) == 0 {
			t.Errorf("no cookiesec issue for the cookie without Secure:\n%s", strings.Join(got, "\n"))
		}
		for _, l := range cookie {
			if strings.Contains(l, "session cookie") {
				t.Errorf("cookiesec.session-names not applied: %s", l)
			}
		}
	})

	// The README's GitHub Actions workflow uploads this SARIF file to code
	// scanning: it must hold relguard's issues with their locations.
	t.Run("SARIF for code scanning, as the README's workflow writes it", func(t *testing.T) {
		sarifPath := filepath.Join(t.TempDir(), "golangci-lint.sarif")
		env := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}
		r := run(t, mod, env, "", bin, "run", "--output.text.path=stdout", "--output.sarif.path="+sarifPath, "./...")
		if r.code != 1 {
			t.Fatalf("want exit 1 (issues), got %s", r)
		}
		data, err := os.ReadFile(sarifPath)
		if err != nil {
			t.Fatalf("no SARIF file: %v\n%s", err, r)
		}
		var log struct {
			Version string
			Runs    []struct {
				Results []struct {
					RuleID    string
					Message   struct{ Text string }
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine int }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
			t.Fatalf("not a SARIF 2.1.0 log with one run (%v):\n%s", err, data)
		}
		found := false
		for _, res := range log.Runs[0].Results {
			if len(res.Locations) == 0 {
				t.Errorf("result without a location, which code scanning rejects: %+v", res)
				continue
			}
			loc := res.Locations[0].PhysicalLocation
			if res.RuleID == "relguard" && loc.ArtifactLocation.URI == "handlers/logout.go" && loc.Region.StartLine == 13 && strings.Contains(res.Message.Text, "without Secure") {
				found = true
			}
		}
		if !found {
			t.Errorf("the cookiesec issue at handlers/logout.go:13 is not in the SARIF log:\n%s", data)
		}
	})

	t.Run("a mistyped setting fails the run", func(t *testing.T) {
		_, r := golangciRun(t, bin, mod, "-c", "typo.golangci.yml")
		if r.code == 0 || r.code == 1 || !strings.Contains(r.stderr, `unknown setting "ambigtype.nmaes"`) {
			t.Errorf("want a configuration error naming ambigtype.nmaes, got %s", r)
		}
	})
}
