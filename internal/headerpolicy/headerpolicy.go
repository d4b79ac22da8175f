// Package headerpolicy is relguard's one definition of the security headers
// a web application must send and of the values that are acceptable. The
// static nginx.headers check judges the add_header directives of an nginx
// configuration with it and `relguard verify` judges live responses with it,
// so the two can never disagree on what a good header is; each decides only
// how severe a shortfall is for its own purpose.
package headerpolicy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relguard/relguard/internal/excerpt"
)

// The header names the policy reads.
const (
	CSPHeader                = "Content-Security-Policy"
	FrameOptionsHeader       = "X-Frame-Options"
	ContentTypeOptionsHeader = "X-Content-Type-Options"
	ReferrerPolicyHeader     = "Referrer-Policy"
	HSTSHeader               = "Strict-Transport-Security"
)

// MinHSTSMaxAge is the shortest acceptable Strict-Transport-Security
// max-age: 180 days, the minimum the HSTS preload list and most scanners ask
// for, so that a returning visitor is never downgraded to plain HTTP.
const MinHSTSMaxAge = 15552000

// Rule is one part of the policy.
type Rule struct {
	// Name is the stable rule name; verify's check IDs are "headers."+Name.
	Name string
	// Header is the header the rule is mainly about.
	Header string
	// Title says what a passing rule guarantees.
	Title string
	// HTTPSOnly rules mean nothing over plain HTTP (browsers ignore HSTS there).
	HTTPSOnly bool
}

// The rule names.
const (
	CSP                = "csp"
	FrameOptions       = "frame-options"
	ContentTypeOptions = "content-type-options"
	ReferrerPolicy     = "referrer-policy"
	HSTS               = "hsts"
)

// Rules returns every rule in a stable order.
func Rules() []Rule {
	return []Rule{
		{Name: CSP, Header: CSPHeader, Title: "a Content-Security-Policy restricts where scripts come from"},
		{Name: FrameOptions, Header: FrameOptionsHeader, Title: "pages cannot be framed by other sites (X-Frame-Options or CSP frame-ancestors)"},
		{Name: ContentTypeOptions, Header: ContentTypeOptionsHeader, Title: "browsers do not sniff content types (X-Content-Type-Options: nosniff)"},
		{Name: ReferrerPolicy, Header: ReferrerPolicyHeader, Title: "a Referrer-Policy keeps URLs from leaking to other sites"},
		{Name: HSTS, Header: HSTSHeader, Title: fmt.Sprintf("Strict-Transport-Security pins HTTPS for at least %d seconds", MinHSTSMaxAge), HTTPSOnly: true},
	}
}

// Headers gives the values a response sends for a header name, matched
// case-insensitively. http.Header's Values satisfies it.
type Headers interface {
	Values(name string) []string
}

// Outcome is a rule's verdict on a set of headers.
type Outcome int

// The outcomes.
const (
	// OK: the header is present with an acceptable value.
	OK Outcome = iota
	// Missing: nothing in the response satisfies the rule.
	Missing
	// Weak: the header is present, but its value does not protect.
	Weak
)

// Verdict is one rule's judgement.
type Verdict struct {
	Rule    string
	Outcome Outcome
	// Header is the header the verdict is about: the one that is missing,
	// weak, or that satisfied the rule (CSP when frame-ancestors did).
	Header string
	// Reason is a one-line, lower-case explanation; for OK, what was seen.
	Reason string
	// Fix says how to make the rule pass; empty for OK.
	Fix string
}

// Judge applies one rule to a response's headers.
func Judge(rule string, h Headers) Verdict {
	switch rule {
	case CSP:
		return judgeCSP(h)
	case FrameOptions:
		return judgeFrameOptions(h)
	case ContentTypeOptions:
		return judgeContentTypeOptions(h)
	case ReferrerPolicy:
		return judgeReferrerPolicy(h)
	case HSTS:
		return judgeHSTS(h)
	}
	panic("headerpolicy: unknown rule " + rule)
}

// values returns the non-empty values of a header, trimmed.
func values(h Headers, name string) []string {
	var out []string
	for _, v := range h.Values(name) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// ---- Content-Security-Policy ----

// Policy is a parsed Content-Security-Policy: directive names in lower case
// mapped to their source lists. A repeated directive keeps its first
// occurrence, as browsers do.
type Policy map[string][]string

// ParseCSP parses one Content-Security-Policy header value.
func ParseCSP(value string) Policy {
	p := Policy{}
	for _, d := range strings.Split(value, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if _, seen := p[name]; !seen {
			p[name] = fields[1:]
		}
	}
	return p
}

// scriptSources are the sources that govern scripts: script-src, else
// default-src; ok is false when the policy has neither.
func (p Policy) scriptSources() (directive string, sources []string, ok bool) {
	if s, ok := p["script-src"]; ok {
		return "script-src", s, true
	}
	if s, ok := p["default-src"]; ok {
		return "default-src", s, true
	}
	return "", nil, false
}

// scriptWeakness says why the policy's script sources do not protect, or "".
// 'unsafe-inline' is ignored by browsers when a nonce or a hash is present;
// a wildcard is ignored only under 'strict-dynamic' (which itself needs a
// nonce or hash), since a nonce alone still lets any host's scripts load.
func (p Policy) scriptWeakness() string {
	directive, sources, ok := p.scriptSources()
	if !ok {
		return "has neither default-src nor script-src, so scripts may come from anywhere"
	}
	nonceOrHash, strictDynamic, wildcard, unsafeInline := false, false, false, false
	for _, s := range sources {
		l := strings.ToLower(s)
		switch {
		case strings.HasPrefix(l, "'nonce-"), strings.HasPrefix(l, "'sha256-"), strings.HasPrefix(l, "'sha384-"), strings.HasPrefix(l, "'sha512-"):
			nonceOrHash = true
		case l == "'strict-dynamic'":
			strictDynamic = true
		case l == "*":
			wildcard = true
		case l == "'unsafe-inline'":
			unsafeInline = true
		}
	}
	switch {
	case wildcard && !(strictDynamic && nonceOrHash):
		return fmt.Sprintf("allows scripts from any host (%s *)", directive)
	case unsafeInline && !nonceOrHash:
		return fmt.Sprintf("allows inline scripts (%s 'unsafe-inline' without a nonce or hash)", directive)
	}
	return ""
}

func judgeCSP(h Headers) Verdict {
	vs := values(h, CSPHeader)
	if len(vs) == 0 {
		return Verdict{Rule: CSP, Outcome: Missing, Header: CSPHeader,
			Reason: "no Content-Security-Policy",
			Fix:    `send Content-Security-Policy: default-src 'self' (and widen it only where the application needs to)`}
	}
	// Every policy sent is enforced, so one strict policy is enough.
	var weakness string
	for _, v := range vs {
		w := ParseCSP(v).scriptWeakness()
		if w == "" {
			return Verdict{Rule: CSP, Outcome: OK, Header: CSPHeader, Reason: "Content-Security-Policy: " + excerpt.Cut(v)}
		}
		if weakness == "" {
			weakness = w
		}
	}
	return Verdict{Rule: CSP, Outcome: Weak, Header: CSPHeader,
		Reason: "Content-Security-Policy " + weakness,
		Fix:    "give default-src or script-src 'self' (plus the hosts you load scripts from); replace 'unsafe-inline' with nonces or hashes and * with named hosts"}
}

// ---- framing ----

func judgeFrameOptions(h Headers) Verdict {
	xfo := values(h, FrameOptionsHeader)
	value, xfoOK := frameOptionsValue(xfo)
	if xfoOK {
		return Verdict{Rule: FrameOptions, Outcome: OK, Header: FrameOptionsHeader, Reason: "X-Frame-Options: " + excerpt.Cut(value)}
	}
	var wideAncestors bool
	for _, v := range values(h, CSPHeader) {
		fa, ok := ParseCSP(v)["frame-ancestors"]
		if !ok {
			continue
		}
		if !allowsAnyAncestor(fa) {
			return Verdict{Rule: FrameOptions, Outcome: OK, Header: CSPHeader, Reason: "Content-Security-Policy frame-ancestors " + excerpt.Cut(strings.Join(fa, " "))}
		}
		wideAncestors = true
	}
	fix := "send X-Frame-Options: DENY (or SAMEORIGIN), or a Content-Security-Policy with frame-ancestors 'none' (or 'self')"
	switch {
	case len(xfo) > 0:
		return Verdict{Rule: FrameOptions, Outcome: Weak, Header: FrameOptionsHeader,
			Reason: fmt.Sprintf("X-Frame-Options %s is neither DENY nor SAMEORIGIN, so browsers ignore it and pages can be framed", excerpt.Quote(strings.Join(xfo, ", "))), Fix: fix}
	case wideAncestors:
		return Verdict{Rule: FrameOptions, Outcome: Weak, Header: CSPHeader,
			Reason: "Content-Security-Policy frame-ancestors allows any site to frame the pages", Fix: fix}
	}
	return Verdict{Rule: FrameOptions, Outcome: Missing, Header: FrameOptionsHeader,
		Reason: "no X-Frame-Options and no Content-Security-Policy frame-ancestors, so other sites can frame the pages", Fix: fix}
}

// frameOptionsValue accepts DENY or SAMEORIGIN, also repeated (two headers
// or a comma list with the same value); conflicting values are invalid.
func frameOptionsValue(vs []string) (string, bool) {
	var seen string
	for _, v := range vs {
		for _, part := range strings.Split(v, ",") {
			p := strings.ToUpper(strings.TrimSpace(part))
			if p != "DENY" && p != "SAMEORIGIN" {
				return "", false
			}
			if seen != "" && p != seen {
				return "", false
			}
			seen = p
		}
	}
	return seen, seen != ""
}

func allowsAnyAncestor(sources []string) bool {
	for _, s := range sources {
		switch strings.ToLower(s) {
		case "*", "http:", "https:":
			return true
		}
	}
	return false
}

// ---- X-Content-Type-Options ----

func judgeContentTypeOptions(h Headers) Verdict {
	vs := values(h, ContentTypeOptionsHeader)
	fix := "send X-Content-Type-Options: nosniff"
	if len(vs) == 0 {
		return Verdict{Rule: ContentTypeOptions, Outcome: Missing, Header: ContentTypeOptionsHeader, Reason: "no X-Content-Type-Options", Fix: fix}
	}
	if !strings.EqualFold(vs[0], "nosniff") {
		return Verdict{Rule: ContentTypeOptions, Outcome: Weak, Header: ContentTypeOptionsHeader,
			Reason: fmt.Sprintf("X-Content-Type-Options is %s, not nosniff, so browsers still sniff content types", excerpt.Quote(vs[0])), Fix: fix}
	}
	return Verdict{Rule: ContentTypeOptions, Outcome: OK, Header: ContentTypeOptionsHeader, Reason: "X-Content-Type-Options: nosniff"}
}

// ---- Referrer-Policy ----

var referrerPolicies = map[string]bool{
	"no-referrer": true, "no-referrer-when-downgrade": true, "origin": true, "origin-when-cross-origin": true,
	"same-origin": true, "strict-origin": true, "strict-origin-when-cross-origin": true, "unsafe-url": true,
}

func judgeReferrerPolicy(h Headers) Verdict {
	vs := values(h, ReferrerPolicyHeader)
	fix := "send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer, same-origin, strict-origin)"
	if len(vs) == 0 {
		return Verdict{Rule: ReferrerPolicy, Outcome: Missing, Header: ReferrerPolicyHeader, Reason: "no Referrer-Policy", Fix: fix}
	}
	// Browsers apply the last policy token they recognise.
	effective := ""
	for _, v := range vs {
		for _, tok := range strings.Split(v, ",") {
			if t := strings.ToLower(strings.TrimSpace(tok)); referrerPolicies[t] {
				effective = t
			}
		}
	}
	switch effective {
	case "":
		return Verdict{Rule: ReferrerPolicy, Outcome: Weak, Header: ReferrerPolicyHeader,
			Reason: fmt.Sprintf("Referrer-Policy %s names no policy browsers know, so the default applies", excerpt.Quote(strings.Join(vs, ", "))), Fix: fix}
	case "unsafe-url", "no-referrer-when-downgrade":
		return Verdict{Rule: ReferrerPolicy, Outcome: Weak, Header: ReferrerPolicyHeader,
			Reason: fmt.Sprintf("Referrer-Policy %s sends full URLs (paths and query strings) to other sites", excerpt.Cut(effective)), Fix: fix}
	}
	return Verdict{Rule: ReferrerPolicy, Outcome: OK, Header: ReferrerPolicyHeader, Reason: "Referrer-Policy: " + excerpt.Cut(effective)}
}

// ---- Strict-Transport-Security ----

func judgeHSTS(h Headers) Verdict {
	vs := values(h, HSTSHeader)
	fix := fmt.Sprintf("send Strict-Transport-Security: max-age=%d (or longer; 63072000 is two years)", MinHSTSMaxAge)
	if len(vs) == 0 {
		return Verdict{Rule: HSTS, Outcome: Missing, Header: HSTSHeader, Reason: "no Strict-Transport-Security", Fix: fix}
	}
	// Browsers use the first header only.
	age, ok := hstsMaxAge(vs[0])
	switch {
	case !ok:
		return Verdict{Rule: HSTS, Outcome: Weak, Header: HSTSHeader,
			Reason: fmt.Sprintf("Strict-Transport-Security %s has no valid max-age, so browsers ignore it", excerpt.Quote(vs[0])), Fix: fix}
	case age < MinHSTSMaxAge:
		return Verdict{Rule: HSTS, Outcome: Weak, Header: HSTSHeader,
			Reason: fmt.Sprintf("Strict-Transport-Security max-age=%d is under %d seconds (180 days)", age, MinHSTSMaxAge), Fix: fix}
	}
	return Verdict{Rule: HSTS, Outcome: OK, Header: HSTSHeader, Reason: "Strict-Transport-Security: " + excerpt.Cut(vs[0])}
}

// hstsMaxAge reads the max-age directive (RFC 6797: case-insensitive name,
// optionally quoted value). A repeated max-age makes the header invalid.
func hstsMaxAge(v string) (int64, bool) {
	var age int64
	found := false
	for _, d := range strings.Split(v, ";") {
		name, val, hasVal := strings.Cut(strings.TrimSpace(d), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "max-age") {
			continue
		}
		if found || !hasVal {
			return 0, false
		}
		val = strings.Trim(strings.TrimSpace(val), `"`)
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil || n < 0 {
			return 0, false
		}
		age, found = n, true
	}
	return age, found
}
