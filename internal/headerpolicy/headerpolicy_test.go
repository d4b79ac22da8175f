package headerpolicy

import (
	"net/http"
	"strings"
	"testing"
)

// h builds a header set from name, value pairs.
func h(kv ...string) http.Header {
	out := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Add(kv[i], kv[i+1])
	}
	return out
}

func TestJudge(t *testing.T) {
	tests := []struct {
		name    string
		rule    string
		headers http.Header
		want    Outcome
		reason  string // a fragment of Reason
		header  string // Verdict.Header
	}{
		// CSP
		{"csp missing", CSP, h(), Missing, "no Content-Security-Policy", CSPHeader},
		{"csp runbook", CSP, h(CSPHeader, "default-src 'self'; img-src data:"), OK, "default-src 'self'", CSPHeader},
		{"csp script-src only", CSP, h(CSPHeader, "script-src 'self'"), OK, "", CSPHeader},
		{"csp neither", CSP, h(CSPHeader, "frame-ancestors 'none'; img-src 'self'"), Weak, "neither default-src nor script-src", CSPHeader},
		{"csp empty value", CSP, h(CSPHeader, "  "), Missing, "", CSPHeader},
		{"csp wildcard", CSP, h(CSPHeader, "default-src *"), Weak, "any host (default-src *)", CSPHeader},
		{"csp unsafe-inline", CSP, h(CSPHeader, "default-src 'self'; script-src 'self' 'unsafe-inline'"), Weak, "script-src 'unsafe-inline' without a nonce or hash", CSPHeader},
		{"csp unsafe-inline case", CSP, h(CSPHeader, "DEFAULT-SRC 'self' 'UNSAFE-INLINE'"), Weak, "inline scripts", CSPHeader},
		{"csp unsafe-inline with nonce", CSP, h(CSPHeader, "script-src 'self' 'unsafe-inline' 'nonce-$request_id'"), OK, "", CSPHeader},
		{"csp unsafe-inline with hash", CSP, h(CSPHeader, "script-src 'unsafe-inline' 'sha256-abc='"), OK, "", CSPHeader},
		{"csp wildcard with nonce only", CSP, h(CSPHeader, "script-src * 'nonce-abc'"), Weak, "any host", CSPHeader},
		{"csp wildcard with strict-dynamic", CSP, h(CSPHeader, "script-src * 'nonce-abc' 'strict-dynamic'"), OK, "", CSPHeader},
		{"csp script-src overrides a weak default", CSP, h(CSPHeader, "default-src *; script-src 'self'"), OK, "", CSPHeader},
		{"csp weak script-src under a strict default", CSP, h(CSPHeader, "default-src 'self'; script-src *"), Weak, "script-src *", CSPHeader},
		{"csp first directive wins", CSP, h(CSPHeader, "script-src 'self'; script-src *"), OK, "", CSPHeader},
		{"csp one strict policy of two", CSP, h(CSPHeader, "default-src *", CSPHeader, "script-src 'self'"), OK, "", CSPHeader},
		{"csp report-only does not count", CSP, h("Content-Security-Policy-Report-Only", "default-src 'self'"), Missing, "", CSPHeader},

		// framing
		{"xfo deny", FrameOptions, h(FrameOptionsHeader, "DENY"), OK, "X-Frame-Options: DENY", FrameOptionsHeader},
		{"xfo sameorigin lower", FrameOptions, h(FrameOptionsHeader, "sameorigin"), OK, "SAMEORIGIN", FrameOptionsHeader},
		{"xfo repeated", FrameOptions, h(FrameOptionsHeader, "DENY", FrameOptionsHeader, "deny"), OK, "", FrameOptionsHeader},
		{"xfo conflicting", FrameOptions, h(FrameOptionsHeader, "DENY, SAMEORIGIN"), Weak, "neither DENY nor SAMEORIGIN", FrameOptionsHeader},
		{"xfo allow-from", FrameOptions, h(FrameOptionsHeader, "ALLOW-FROM https://a.example"), Weak, "browsers ignore it", FrameOptionsHeader},
		{"frame-ancestors instead", FrameOptions, h(CSPHeader, "default-src 'self'; frame-ancestors 'none'"), OK, "frame-ancestors 'none'", CSPHeader},
		{"frame-ancestors rescues a bad xfo", FrameOptions, h(FrameOptionsHeader, "ALLOWALL", CSPHeader, "frame-ancestors 'self'"), OK, "", CSPHeader},
		{"frame-ancestors any", FrameOptions, h(CSPHeader, "frame-ancestors *"), Weak, "allows any site", CSPHeader},
		{"frame-ancestors https:", FrameOptions, h(CSPHeader, "frame-ancestors https:"), Weak, "", CSPHeader},
		{"framing missing", FrameOptions, h(CSPHeader, "default-src 'self'"), Missing, "no X-Frame-Options and no Content-Security-Policy frame-ancestors", FrameOptionsHeader},

		// nosniff
		{"nosniff", ContentTypeOptions, h(ContentTypeOptionsHeader, "NoSniff"), OK, "", ContentTypeOptionsHeader},
		{"nosniff missing", ContentTypeOptions, h(), Missing, "", ContentTypeOptionsHeader},
		{"nosniff wrong", ContentTypeOptions, h(ContentTypeOptionsHeader, "sniff"), Weak, `"sniff", not nosniff`, ContentTypeOptionsHeader},

		// Referrer-Policy
		{"referrer ok", ReferrerPolicy, h(ReferrerPolicyHeader, "strict-origin-when-cross-origin"), OK, "", ReferrerPolicyHeader},
		{"referrer missing", ReferrerPolicy, h(), Missing, "", ReferrerPolicyHeader},
		{"referrer unsafe-url", ReferrerPolicy, h(ReferrerPolicyHeader, "unsafe-url"), Weak, "unsafe-url sends full URLs", ReferrerPolicyHeader},
		{"referrer downgrade", ReferrerPolicy, h(ReferrerPolicyHeader, "No-Referrer-When-Downgrade"), Weak, "no-referrer-when-downgrade", ReferrerPolicyHeader},
		{"referrer fallback list, last known wins", ReferrerPolicy, h(ReferrerPolicyHeader, "no-referrer, strict-origin-when-cross-origin, made-up"), OK, "strict-origin-when-cross-origin", ReferrerPolicyHeader},
		{"referrer last token unsafe", ReferrerPolicy, h(ReferrerPolicyHeader, "no-referrer, unsafe-url"), Weak, "unsafe-url", ReferrerPolicyHeader},
		{"referrer unknown", ReferrerPolicy, h(ReferrerPolicyHeader, "strict"), Weak, "names no policy", ReferrerPolicyHeader},

		// HSTS
		{"hsts two years", HSTS, h(HSTSHeader, "max-age=63072000; includeSubDomains; preload"), OK, "", HSTSHeader},
		{"hsts exactly 180 days", HSTS, h(HSTSHeader, `MAX-AGE="15552000"`), OK, "", HSTSHeader},
		{"hsts short", HSTS, h(HSTSHeader, "max-age=300"), Weak, "max-age=300 is under 15552000 seconds", HSTSHeader},
		{"hsts no max-age", HSTS, h(HSTSHeader, "includeSubDomains"), Weak, "no valid max-age", HSTSHeader},
		{"hsts repeated max-age", HSTS, h(HSTSHeader, "max-age=63072000; max-age=63072000"), Weak, "no valid max-age", HSTSHeader},
		{"hsts garbage age", HSTS, h(HSTSHeader, "max-age=forever"), Weak, "", HSTSHeader},
		{"hsts first header wins", HSTS, h(HSTSHeader, "max-age=10", HSTSHeader, "max-age=63072000"), Weak, "max-age=10", HSTSHeader},
		{"hsts missing", HSTS, h(), Missing, "no Strict-Transport-Security", HSTSHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Judge(tt.rule, tt.headers)
			if v.Outcome != tt.want || v.Rule != tt.rule || !strings.Contains(v.Reason, tt.reason) || v.Header != tt.header {
				t.Errorf("Judge = %+v, want outcome %d header %s reason containing %q", v, tt.want, tt.header, tt.reason)
			}
			if (v.Outcome == OK) != (v.Fix == "") {
				t.Errorf("fix %q for outcome %d: a shortfall needs a fix, a pass none", v.Fix, v.Outcome)
			}
			if strings.Contains(v.Reason, "\n") {
				t.Errorf("reason spans lines: %q", v.Reason)
			}
		})
	}
}

func TestRulesCoverEveryJudge(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.Name] || r.Header == "" || r.Title == "" {
			t.Errorf("rule %+v duplicated or incomplete", r)
		}
		seen[r.Name] = true
		if v := Judge(r.Name, http.Header{}); v.Outcome != Missing {
			t.Errorf("rule %s on no headers = %+v, want missing", r.Name, v)
		}
	}
	if len(seen) != 5 || !seen[HSTS] {
		t.Errorf("rules = %v", seen)
	}
}

func FuzzJudgeNeverPanics(f *testing.F) {
	for _, s := range []string{"default-src 'self'", "max-age=1;;max-age", ";;;", "frame-ancestors", "\x00", "DENY,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, r := range Rules() {
			hs := h(r.Header, v, CSPHeader, v)
			if got := Judge(r.Name, hs); got.Rule != r.Name {
				t.Fatalf("Judge(%s) = %+v", r.Name, got)
			}
		}
	})
}
