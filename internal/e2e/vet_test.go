package e2e

import (
	"strings"
	"testing"
)

const (
	wantAmbigDB     = `handlers/logout.go:7:2: ambiguous type name Session: this file also uses Session from "example.com/shop/models"; give this import a descriptive alias`
	wantAmbigModels = `handlers/logout.go:8:2: ambiguous type name Session: this file also uses Session from "example.com/shop/db"; give this import a descriptive alias`
	wantSecure      = `handlers/logout.go:13:21: session cookie "session_id" is sent without Secure, so it can travel over plain HTTP; set Secure to true`
	wantHTTPOnly    = `handlers/logout.go:13:21: session cookie "session_id" is sent without HttpOnly, so scripts can read it; set HttpOnly to true`
	wantSameSite    = `handlers/logout.go:13:21: session cookie "session_id" is sent without SameSite Lax or Strict, so it goes with cross-site requests; set SameSite to Lax`
)

func TestGoVetVettool(t *testing.T) {
	mod := copyFixture(t, "app")
	r := run(t, mod, nil, "", "go", "vet", "-vettool="+relguardBin, "./...")
	if r.code != 1 {
		t.Fatalf("go vet: want exit 1 (findings), got %s", r)
	}
	for _, want := range []string{wantAmbigDB, wantAmbigModels, wantSecure, wantHTTPOnly, wantSameSite} {
		if !strings.Contains(r.stderr, want+"\n") {
			t.Errorf("go vet output lacks\n%s\n%s", want, r)
		}
	}
	// web/web.go sets a non-session cookie with every attribute: clean.
	if strings.Contains(r.stderr, "web/") {
		t.Errorf("finding in the clean package web:\n%s", r)
	}
}

func TestGoVetVettoolAnalyzerFlags(t *testing.T) {
	mod := copyFixture(t, "app")
	r := run(t, mod, nil, "", "go", "vet", "-vettool="+relguardBin, "-ambigtype.names=Token", "./...")
	if r.code != 1 {
		t.Fatalf("go vet: want exit 1 (the cookie finding), got %s", r)
	}
	if strings.Contains(r.stderr, "ambiguous type name") {
		t.Errorf("-ambigtype.names=Token still reports Session:\n%s", r)
	}
	if !strings.Contains(r.stderr, wantSecure) {
		t.Errorf("cookie finding missing:\n%s", r)
	}

	// Selecting one analyzer, as with any vet tool.
	r = run(t, mod, nil, "", "go", "vet", "-vettool="+relguardBin, "-ambigtype", "./...")
	if r.code != 1 || !strings.Contains(r.stderr, wantAmbigDB) || strings.Contains(r.stderr, "cookie") {
		t.Errorf("-ambigtype: want only the ambigtype findings, got %s", r)
	}

	r = run(t, mod, nil, "", "go", "vet", "-vettool="+relguardBin, "-ambigtype.names=not-a-name", "./...")
	if r.code == 0 || !strings.Contains(r.stderr, "not-a-name") {
		t.Errorf("a bad flag value passed silently: %s", r)
	}
}

func TestGoVetVettoolClean(t *testing.T) {
	mod := copyFixture(t, "app")
	r := run(t, mod, nil, "", "go", "vet", "-vettool="+relguardBin, "./web", "./db", "./models")
	if r.code != 0 || strings.TrimSpace(r.stderr) != "" {
		t.Errorf("clean packages: want a silent exit 0, got %s", r)
	}
}

// The vet protocol must not swallow ordinary commands.
func TestVettoolDetectionLeavesCommandsAlone(t *testing.T) {
	r := run(t, repoRoot, nil, "", relguardBin, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "relguard ") {
		t.Errorf("relguard version: %s", r)
	}
	r = run(t, repoRoot, nil, "", relguardBin, "-V=full")
	if r.code != 0 || !strings.Contains(r.stdout, "relguard version") {
		t.Errorf("relguard -V=full (the vet handshake): %s", r)
	}
}
