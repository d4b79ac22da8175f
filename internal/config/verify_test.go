package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// runbookVerify is the verify: section of the runbook's deployment.
const runbookVerify = `verify:
  health: [/api/healthz, /health]
  version_field: version
  max_latency: 2s
  csrf: {path: /api/auth/csrf, field: csrfToken}
  pages: [/]
  session_cookies: [applylens_session]
  dev_routes: [/api/dev/demo/login]
  rate_limit: {path: /api/healthz, limit: 100, window: 60s}
  tls_min_days: 14
  expect:
    - {path: /welcome, status: 200, contains: ApplyLens}
    - {path: /robots.txt}
`

func TestVerifySection(t *testing.T) {
	cfg, err := Parse([]byte(runbookVerify))
	if err != nil {
		t.Fatal(err)
	}
	v := cfg.Verify
	days := 14
	want := Verify{
		Health:         []string{"/api/healthz", "/health"},
		VersionField:   "version",
		MaxLatency:     2 * time.Second,
		CSRF:           &VerifyCSRF{Path: "/api/auth/csrf", Field: "csrfToken"},
		Pages:          []string{"/"},
		SessionCookies: []string{"applylens_session"},
		DevRoutes:      []string{"/api/dev/demo/login"},
		RateLimit:      &VerifyRateLimit{Path: "/api/healthz", Limit: 100, Window: time.Minute},
		TLSMinDays:     &days,
		Expect: []VerifyExpect{
			{Path: "/welcome", Status: 200, Contains: "ApplyLens", Line: 12},
			{Path: "/robots.txt", Status: 200, Line: 13},
		},
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("verify =\n%+v\nwant\n%+v", v, want)
	}
	if got := v.WithDefaults().MaxRequests; got != DefaultMaxRequests+105 {
		t.Errorf("max_requests default = %d, want %d plus the rate-limit probe's 105", got, DefaultMaxRequests)
	}
}

func TestVerifyDefaults(t *testing.T) {
	cfg, err := Parse([]byte("verify:\n  csrf: {path: /csrf}\n  rate_limit: {path: /login, limit: 5}\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := cfg.Verify.WithDefaults()
	if v.VersionField != "version" || v.MaxLatency != 2*time.Second || v.CSRF.Field != "csrfToken" ||
		!reflect.DeepEqual(v.Pages, []string{"/"}) || v.RateLimit.Window != time.Minute || *v.TLSMinDays != 14 || len(v.Health) != 0 {
		t.Errorf("defaults = %+v", v)
	}
	if cfg.Verify.CSRF.Field != "" {
		t.Error("WithDefaults changed the parsed configuration")
	}
	zero, err := Parse([]byte("verify:\n  tls_min_days: 0\n"))
	if err != nil || *zero.Verify.WithDefaults().TLSMinDays != 0 {
		t.Errorf("an explicit tls_min_days: 0 must stay 0: %v", err)
	}
	if empty, err := Parse([]byte("verify:\n")); err != nil || empty.Verify.WithDefaults().MaxLatency != DefaultMaxLatency {
		t.Errorf("empty section: %v", err)
	}
}

func TestVerifyErrorsNameTheKeyAndLine(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"verify:\n  helth: [/x]\n", `line 2: unknown key "helth" in verify (the keys are csrf, dev_routes, expect, health,`},
		{"verify:\n  csrf:\n    path: /c\n    feild: x\n", `line 4: unknown key "feild" in verify.csrf (the keys are field, path)`},
		{"verify:\n  rate_limit: {path: /x, limit: 10, windw: 1s}\n", `line 2: unknown key "windw" in verify.rate_limit`},
		{"verify:\n  expect:\n    - {path: /a}\n    - {path: /b, code: 200}\n", `line 4: unknown key "code" in verify.expect entry`},
		{"verify:\n  health: [api/healthz]\n", `line 2: verify.health: "api/healthz" is not a path on the deployment`},
		{"verify:\n  health: [\"https://evil.example/x\"]\n", "is not a path on the deployment"},
		{"verify:\n  pages: [//evil.example/]\n", "is not a path on the deployment"},
		{"verify:\n  health: /healthz\n", "verify.health must be a list of paths"},
		{"verify:\n  max_latency: 2\n", `verify.max_latency: "2" is not a positive duration`},
		{"verify:\n  max_latency: -1s\n", "not a positive duration"},
		{"verify:\n  rate_limit: {path: /x}\n", "verify.rate_limit needs a path and a limit"},
		{"verify:\n  rate_limit: {path: /x, limit: 100000}\n", `verify.rate_limit.limit: "100000" must be a whole number from 1 to 1000`},
		{"verify:\n  rate_limit: {path: /x, limit: many}\n", "must be a whole number"},
		{"verify:\n  csrf: {field: token}\n", "verify.csrf needs a path"},
		{"verify:\n  version_field: build..version\n", "empty name between dots"},
		{"verify:\n  expect:\n    - {status: 200}\n", "line 3: verify.expect entry needs a path"},
		{"verify:\n  expect:\n    - {path: /a, status: 999}\n", "from 100 to 599"},
		{"verify:\n  expect: {path: /a}\n", "verify.expect must be a list"},
		{"verify:\n  session_cookies: [\"a b\"]\n", "is not a cookie name"},
		{"verify:\n  health: [/a]\n  health: [/b]\n", "line 3: verify.health is set twice"},
		{"verify: [a]\n", "verify must be a mapping"},
		{"verify:\n  tls_min_days: soon\n", "verify.tls_min_days"},
		{"verify:\n  max_requests: 0\n", "verify.max_requests"},
	} {
		_, err := Parse([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tc.doc, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error spans lines: %q", tc.doc, err)
		}
	}
}

// TestVerifyTagsNameTheDecodedKeys keeps the yaml tags, which the
// configuration reference is checked against, in step with the keys
// UnmarshalYAML decodes by hand.
func TestVerifyTagsNameTheDecodedKeys(t *testing.T) {
	for _, c := range []struct {
		typ    reflect.Type
		prefix string // the document up to the section's keys
	}{
		{reflect.TypeFor[Verify](), "verify:\n  "},
		{reflect.TypeFor[VerifyCSRF](), "verify:\n  csrf:\n    "},
		{reflect.TypeFor[VerifyRateLimit](), "verify:\n  rate_limit:\n    "},
		{reflect.TypeFor[VerifyExpect](), "verify:\n  expect:\n    - "},
	} {
		for i := 0; i < c.typ.NumField(); i++ {
			key := c.typ.Field(i).Tag.Get("yaml")
			if key == "" {
				t.Errorf("%s.%s has no yaml tag", c.typ.Name(), c.typ.Field(i).Name)
				continue
			}
			if key == "-" {
				continue
			}
			// A value of the wrong kind for every key: the error must be
			// about the value, never an unknown key.
			_, err := Parse([]byte(c.prefix + key + ": {x: [1]}\n"))
			if err == nil || strings.Contains(err.Error(), fmt.Sprintf("unknown key %q", key)) {
				t.Errorf("%s: key %q from the yaml tag: %v", c.typ.Name(), key, err)
			}
		}
	}
	if _, err := Parse([]byte("verify:\n  helth: [/x]\n")); err == nil || !strings.Contains(err.Error(), "unknown key") {
		t.Errorf("a misspelt key must be an unknown key: %v", err)
	}
}
