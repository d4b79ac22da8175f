// Package verify checks a running deployment the way the release runbook
// does by hand after a deploy: health endpoints and the version they
// report, the CSRF endpoint, the security headers (with the policy the
// static nginx.headers check uses), cookie flags, dev routes and debug
// exposures, an opt-in rate-limit probe, the TLS certificate and smoke
// checks. It is polite and bounded: GET only, a per-request timeout, a
// total request cap, and never a request off the deployment's origin.
package verify

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/headerpolicy"
	"github.com/relguard/relguard/internal/release/guard"
)

// Result is one verdict of one check about one URL. The JSON names are
// part of relguard's stable output format.
type Result struct {
	ID      string       `json:"id"`
	Status  guard.Status `json:"status"`
	Message string       `json:"message"`
	URL     string       `json:"url"`
	Hint    string       `json:"hint"`
}

// Report is the outcome of a run.
type Report struct {
	URL     string   `json:"url"`
	Version string   `json:"version"`
	OK      bool     `json:"ok"`
	Checks  []Result `json:"checks"`
	// Requests is how many HTTP requests the run sent.
	Requests int `json:"requests"`
}

// Counts tallies a report's results by status.
func (r Report) Counts() map[guard.Status]int {
	n := map[guard.Status]int{}
	for _, c := range r.Checks {
		n[c.Status]++
	}
	return n
}

// Check names one check and what it guarantees.
type Check struct {
	ID    string
	Title string
}

// Checks returns every check in report order. The IDs are stable.
func Checks() []Check {
	out := []Check{
		{"tls.certificate", "the certificate chain verifies for the host, TLS 1.2 or newer, not expiring soon"},
		{"health.status", "the health endpoints answer 200"},
		{"health.version", "the health endpoint reports the released version"},
		{"health.latency", "the health endpoints answer within max_latency (median of 3)"},
		{"csrf.token", "the CSRF endpoint hands out a token"},
	}
	for _, r := range headerpolicy.Rules() {
		out = append(out, Check{"headers." + r.Name, r.Title})
	}
	return append(out,
		Check{"cookie.flags", "session cookies are HttpOnly and SameSite Lax/Strict; cookies are Secure over https"},
		Check{"routes.dev", "dev routes and debug exposures do not answer 2xx"},
		Check{"expect", "the smoke checks answer as expected"},
		Check{"ratelimit.engaged", "the rate limiter answers 429 once the limit is reached"},
	)
}

// Options configure a run.
type Options struct {
	// URL is the deployment's base URL (http or https).
	URL *url.URL
	// Version is the version health.version expects ("" skips it, with
	// VersionNote as the reason).
	Version     string
	VersionNote string
	// Config is the verify: section; Run applies the defaults.
	Config config.Verify
	// Timeout bounds each request.
	Timeout time.Duration
	// RootCAs replaces the system roots when set (--cacert).
	RootCAs *x509.CertPool
	// Skip holds check IDs not to run.
	Skip map[string]bool
	// UserAgent is sent with every request.
	UserAgent string
}

// ConnectError means the deployment cannot be reached at all: the host
// does not resolve, refuses connections, or cannot complete a TLS
// handshake. It is a usage error, not a failed check.
type ConnectError struct{ Msg string }

func (e *ConnectError) Error() string { return e.Msg }

// ParseURL accepts an http or https base URL with a host, and nothing the
// checks could not join paths to (no query or fragment, no credentials).
func ParseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%q is not an http:// or https:// URL; give the deployment's base URL such as https://example.com", s)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q carries credentials; relguard verify sends none, so give the URL without user:password@", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, fmt.Errorf("%q has a query or fragment; give the base URL only (paths come from relguard.yaml)", s)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%q has no host name; give the deployment's base URL such as https://example.com", s)
	}
	// The base URL names the deployment; a trailing slash adds nothing.
	u.Path, u.RawPath = strings.TrimSuffix(u.Path, "/"), strings.TrimSuffix(u.RawPath, "/")
	return u, nil
}

// Run verifies the deployment. It returns a ConnectError when the
// deployment cannot be reached at all; every other problem is a result.
func Run(ctx context.Context, o Options) (Report, error) {
	cfg := o.Config.WithDefaults()
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	r := &runner{o: o, cfg: cfg, results: map[string][]Result{}}
	tlsInfo, err := probe(ctx, o.URL, o.Timeout, o.RootCAs)
	if err != nil {
		return Report{}, err
	}
	r.c = newClient(o.URL, o.Timeout, o.UserAgent, cfg.MaxRequests, tlsInfo)
	r.run(ctx, tlsInfo)

	rep := Report{URL: o.URL.String(), Version: o.Version, OK: true, Checks: []Result{}, Requests: r.c.requests}
	for _, c := range Checks() {
		if o.Skip[c.ID] {
			rep.Checks = append(rep.Checks, Result{ID: c.ID, Status: guard.Skip, Message: "skipped by --skip", URL: rep.URL})
			continue
		}
		for _, res := range r.results[c.ID] {
			res.ID = c.ID
			if res.Status == guard.Fail {
				rep.OK = false
			}
			rep.Checks = append(rep.Checks, res)
		}
	}
	return rep, nil
}

// runner holds one run's state.
type runner struct {
	o       Options
	cfg     config.Verify
	c       *client
	results map[string][]Result
}

func (r *runner) on(id string) bool { return !r.o.Skip[id] }

func (r *runner) add(id string, res Result) {
	if res.URL == "" {
		res.URL = r.o.URL.String()
	}
	r.results[id] = append(r.results[id], res)
}

// run sends the requests in an order that keeps the probes independent:
// the rate-limit probe comes last, since a limiter it engages would answer
// 429 to everything after it.
func (r *runner) run(ctx context.Context, t *tlsInfo) {
	if r.on("tls.certificate") {
		r.tlsCertificate(t)
	}
	r.health(ctx)
	if r.on("csrf.token") {
		r.csrf(ctx)
	}
	r.pages(ctx)
	if r.on("routes.dev") {
		r.devRoutes(ctx)
	}
	if r.on("expect") {
		r.expect(ctx)
	}
	if r.on("ratelimit.engaged") {
		r.rateLimit(ctx)
	}
	if r.on("cookie.flags") {
		r.cookies()
	}
}

// pass, fail, warn and skip build results.
func pass(u, msg string) Result { return Result{Status: guard.Pass, Message: msg, URL: u} }
func skip(u, msg string) Result { return Result{Status: guard.Skip, Message: msg, URL: u} }
func fail(u, msg, hint string) Result {
	return Result{Status: guard.Fail, Message: msg, URL: u, Hint: hint}
}
func warn(u, msg, hint string) Result {
	return Result{Status: guard.Warn, Message: msg, URL: u, Hint: hint}
}

// snippet shows the start of a body on one line, between backquotes.
func snippet(body []byte) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(body), "\uFFFD")), " ")
	if s == "" {
		return "an empty body"
	}
	return "`" + excerpt.Cut(s) + "`"
}

// shortDuration prints 1m instead of 1m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
