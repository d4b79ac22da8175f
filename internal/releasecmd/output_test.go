package releasecmd

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/relguard/relguard/internal/release/checks"
	"github.com/relguard/relguard/internal/release/guard"
)

var sampleReport = guard.Report{Version: "0.5.0", Tag: "v0.5.0", OK: false, Checks: []guard.Result{
	{ID: "git.shallow", Status: guard.Pass, Message: "the clone has full history"},
	{ID: "version.files", Status: guard.Fail, Message: "apps/web/package.json holds 0.4.64, not 0.5.0", File: "apps/web/package.json", Line: 4, Hint: "set \"version\": \"0.5.0\""},
	{ID: "git.dirty", Status: guard.Warn, Message: "1 untracked file(s): a,b:c%.txt\nsecond line", Hint: "commit it"},
	{ID: "image.latest", Status: guard.Warn, Message: "postgres is untracked", File: "docker-compose.prod.yml"},
	{ID: "env.require", Status: guard.Skip, Message: "skipped by --skip"},
}}

func TestSARIFIsValid210WithRulesAndLocations(t *testing.T) {
	var buf bytes.Buffer
	if err := writeSARIF(&buf, sampleReport, ""); err != nil {
		t.Fatal(err)
	}
	parsed, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := parsed.Validate(); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema: %v\n%s", err, buf.String())
	}

	var doc struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-schema-2.1.0.json") || len(doc.Runs) != 1 {
		t.Fatalf("header: version %q schema %q runs %d", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "relguard" || len(run.Tool.Driver.Rules) != len(checks.All()) {
		t.Errorf("driver %q with %d rules, want relguard with %d", run.Tool.Driver.Name, len(run.Tool.Driver.Rules), len(checks.All()))
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID != checks.All()[i].ID || r.ShortDescription.Text == "" {
			t.Errorf("rule %d = %+v", i, r)
		}
	}
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want 3 (one per fail or warn)", len(run.Results))
	}
	first := run.Results[0]
	if first.RuleID != "version.files" || first.Level != "error" || run.Tool.Driver.Rules[first.RuleIndex].ID != "version.files" {
		t.Errorf("first result %+v", first)
	}
	if len(first.Locations) != 1 || first.Locations[0].PhysicalLocation.ArtifactLocation.URI != "apps/web/package.json" ||
		first.Locations[0].PhysicalLocation.Region == nil || first.Locations[0].PhysicalLocation.Region.StartLine != 4 {
		t.Errorf("first location %+v", first.Locations)
	}
	if !strings.Contains(first.Message.Text, "hint: set") {
		t.Errorf("message lacks the hint: %q", first.Message.Text)
	}
	if run.Results[1].Level != "warning" || len(run.Results[1].Locations) != 0 {
		t.Errorf("result without a file: %+v", run.Results[1])
	}
	if loc := run.Results[2].Locations; len(loc) != 1 || loc[0].PhysicalLocation.Region != nil {
		t.Errorf("a file without a line must have no region: %+v", loc)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	var buf bytes.Buffer
	if err := writeGitHub(&buf, sampleReport); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	want := []string{
		`::error file=apps/web/package.json,line=4,title=version.files::apps/web/package.json holds 0.4.64, not 0.5.0%0Ahint: set "version": "0.5.0"`,
		`::warning title=git.dirty::1 untracked file(s): a,b:c%25.txt%0Asecond line%0Ahint: commit it`,
		`::warning file=docker-compose.prod.yml,title=image.latest::postgres is untracked`,
		`relguard check 0.5.0: 1 passed, 1 failed, 2 warning(s), 1 skipped: not ready to release v0.5.0`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeData("100%\r\nx:y,z"); got != "100%25%0D%0Ax:y,z" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a:b,c%d\ne"); got != "a%3Ab%2Cc%25d%0Ae" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestJSONChecksNeverNull(t *testing.T) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, guard.Report{Version: "0.5.0", Tag: "v0.5.0", OK: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"checks": []`) || strings.Count(buf.String(), "\n") < 2 {
		t.Errorf("JSON %s", buf.String())
	}
}

func TestTextLocationsAndHints(t *testing.T) {
	var buf bytes.Buffer
	r := sampleReport
	r.Checks = append(r.Checks, guard.Result{ID: "nginx.headers", Status: guard.Fail, Message: "X-Frame-Options is missing", File: "web/nginx.conf", Line: 12, Hint: "add it"})
	if err := writeText(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"✗ version.files  apps/web/package.json holds 0.4.64, not 0.5.0 (line 4)\n",
		"✗ nginx.headers  web/nginx.conf:12: X-Frame-Options is missing\n",
		"hint: add it\n",
		"! image.latest   docker-compose.prod.yml: postgres is untracked\n",
		"! git.dirty      1 untracked file(s): a,b:c%.txt\n                 second line\n",
		"- env.require    skipped by --skip\n",
		"1 passed, 2 failed, 2 warning(s), 1 skipped: not ready to release v0.5.0\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"0.5.0", "v0.5.0", "0.5", "00.5.0", "vv0.5.0", "v", "", "1.0.0-rc.1+b.2", "0.5.0-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		v, err := ParseVersion(arg)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		// Strict parsing never rewrites: the canonical form is the input.
		if v.String() != strings.TrimPrefix(arg, "v") {
			t.Errorf("ParseVersion(%q) = %q", arg, v)
		}
	})
}

func TestParseVersionStrictness(t *testing.T) {
	for _, ok := range []string{"0.5.0", "v0.5.0", "10.20.30", "0.5.0-rc.1", "1.0.0+build.5"} {
		if _, err := ParseVersion(ok); err != nil {
			t.Errorf("ParseVersion(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"0.5", "0.5.00", "00.5.0", "v", "vv0.5.0", "", "V0.5.0", " 0.5.0", "0.5.0 ", "1", "0.5.0-01"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
}
