package releasecmd

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/verify"
)

var sampleVerify = verify.Report{URL: "https://applylens.app", Version: "0.5.0", OK: false, Requests: 23, Checks: []verify.Result{
	{ID: "health.status", Status: guard.Pass, Message: "GET /api/healthz answered 200", URL: "https://applylens.app/api/healthz"},
	{ID: "headers.csp", Status: guard.Fail, Message: "no Content-Security-Policy", URL: "https://applylens.app/", Hint: "send Content-Security-Policy: default-src 'self'"},
	{ID: "cookie.flags", Status: guard.Warn, Message: "cookie theme is set without Secure,\nsecond line", URL: "https://applylens.app/welcome", Hint: "set Secure"},
	{ID: "ratelimit.engaged", Status: guard.Skip, Message: "not configured", URL: "https://applylens.app"},
}}

func TestVerifyText(t *testing.T) {
	var buf bytes.Buffer
	if err := verifyWriters["text"](&buf, sampleVerify); err != nil {
		t.Fatal(err)
	}
	want := "relguard verify https://applylens.app (version 0.5.0)\n" +
		"✓ health.status      GET /api/healthz answered 200\n" +
		"✗ headers.csp        /: no Content-Security-Policy\n" +
		"                     hint: send Content-Security-Policy: default-src 'self'\n" +
		"! cookie.flags       /welcome: cookie theme is set without Secure,\n" +
		"                     second line\n" +
		"                     hint: set Secure\n" +
		"- ratelimit.engaged  not configured\n" +
		"\n1 passed, 1 failed, 1 warning(s), 1 skipped: https://applylens.app failed verification (23 requests)\n"
	if buf.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", buf.String(), want)
	}
	buf.Reset()
	noVersion := verify.Report{URL: "http://127.0.0.1:8003", OK: true}
	if err := verifyWriters["text"](&buf, noVersion); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "relguard verify http://127.0.0.1:8003 (no version given)\n") ||
		!strings.HasSuffix(buf.String(), ": http://127.0.0.1:8003 verified (0 requests)\n") {
		t.Errorf("text without a version:\n%s", buf.String())
	}
}

func TestVerifyJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := verifyWriters["json"](&buf, verify.Report{URL: "https://a.example", OK: true}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	checks, ok := doc["checks"].([]any)
	if !ok || len(checks) != 0 || doc["url"] != "https://a.example" || doc["version"] != "" || doc["ok"] != true {
		t.Errorf("JSON %s", buf.String())
	}
	buf.Reset()
	if err := verifyWriters["json"](&buf, sampleVerify); err != nil {
		t.Fatal(err)
	}
	var full struct {
		Checks []map[string]any `json:"checks"`
	}
	if err := json.Unmarshal(buf.Bytes(), &full); err != nil {
		t.Fatal(err)
	}
	for _, c := range full.Checks {
		if len(c) != 5 || c["id"] == nil || c["status"] == nil || c["message"] == nil || c["url"] == nil || c["hint"] == nil {
			t.Errorf("result %v: want exactly id, status, message, url, hint", c)
		}
	}
}

func TestVerifySARIF(t *testing.T) {
	var buf bytes.Buffer
	if err := verifyWriters["sarif"](&buf, sampleVerify); err != nil {
		t.Fatal(err)
	}
	parsed, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := parsed.Validate(); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, buf.String())
	}
	run := parsed.Runs[0]
	if len(run.Tool.Driver.Rules) != len(verify.Checks()) || len(run.Results) != 2 {
		t.Fatalf("%d rules, %d results", len(run.Tool.Driver.Rules), len(run.Results))
	}
	loc := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if *loc.URI != "https://applylens.app/" || loc.URIBaseID != nil || run.Results[0].Level != "error" {
		t.Errorf("first result located at %+v", loc)
	}
}

func TestVerifyGitHub(t *testing.T) {
	var buf bytes.Buffer
	if err := verifyWriters["github"](&buf, sampleVerify); err != nil {
		t.Fatal(err)
	}
	want := "::error title=headers.csp::https://applylens.app/: no Content-Security-Policy%0Ahint: send Content-Security-Policy: default-src 'self'\n" +
		"::warning title=cookie.flags::https://applylens.app/welcome: cookie theme is set without Secure,%0Asecond line%0Ahint: set Secure\n" +
		"relguard verify https://applylens.app: 1 passed, 1 failed, 1 warning(s), 1 skipped: https://applylens.app failed verification (23 requests)\n"
	if buf.String() != want {
		t.Errorf("github:\n%s\nwant:\n%s", buf.String(), want)
	}
}
