package verify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/guard"
)

func TestHealthyDeploymentPasses(t *testing.T) {
	a := &app{cookies: []string{sessionCookie}}
	srv := serve(t, a)
	rep := verifyServer(t, srv, runbookConfig)
	if !rep.OK {
		t.Fatalf("a healthy deployment failed:\n%s", jsonOf(rep))
	}
	want := map[string]guard.Status{
		"tls.certificate": guard.Skip, "health.status": guard.Pass, "health.version": guard.Pass, "health.latency": guard.Pass,
		"csrf.token": guard.Pass, "headers.csp": guard.Pass, "headers.frame-options": guard.Pass,
		"headers.content-type-options": guard.Pass, "headers.referrer-policy": guard.Pass, "headers.hsts": guard.Skip,
		"cookie.flags": guard.Pass, "routes.dev": guard.Pass, "expect": guard.Pass, "ratelimit.engaged": guard.Skip,
	}
	got := statusOf(rep)
	for _, c := range Checks() {
		if got[c.ID] != want[c.ID] {
			t.Errorf("%s = %s, want %s%s", c.ID, got[c.ID], want[c.ID], dump(results(rep, c.ID)))
		}
	}
	if rep.URL != srv.URL || rep.Version != "0.5.0" {
		t.Errorf("report url %q version %q", rep.URL, rep.Version)
	}
	expectSome(t, rep, "health.version", guard.Pass, "GET /api/healthz reports version 0.5.0")
	// /health has no version, and the API's health endpoint reports it.
	expectSome(t, rep, "health.version", guard.Skip, "GET /health has no field version")
	expectOne(t, rep, "csrf.token", guard.Pass, "GET /api/auth/csrf hands out a csrfToken (22 characters)")
	expectOne(t, rep, "cookie.flags", guard.Pass, "2 cookie(s) seen with the flags required: applylens_session (session), csrftoken")
	expectOne(t, rep, "routes.dev", guard.Pass, "not exposed: /api/dev/demo/login 404; /debug/pprof/ 404; /debug/vars 404; /.env 404; /.git/config 404")
	expectOne(t, rep, "expect", guard.Pass, `GET /welcome answered 200 containing "ApplyLens"`)
	if csp := expectOne(t, rep, "headers.csp", guard.Pass, goodCSP); csp.URL != srv.URL+"/" {
		t.Errorf("headers.csp judged %s, want %s/", csp.URL, srv.URL)
	}

	// Polite: GET only, relguard's User-Agent, no body, no cookie the
	// server did not set during the run, every request counted.
	for i, r := range a.requests {
		if r.Method != http.MethodGet || r.UserAgent() != "relguard/test" || r.ContentLength > 0 {
			t.Errorf("request %s %s UA %q length %d", r.Method, r.URL, r.UserAgent(), r.ContentLength)
		}
		if i == 0 && r.Header.Get("Cookie") != "" {
			t.Errorf("the first request sent cookies: %q", r.Header.Get("Cookie"))
		}
		for _, c := range r.Cookies() {
			if c.Name != "applylens_session" && c.Name != "csrftoken" {
				t.Errorf("request %s sent cookie %s, which the server never set", r.URL, c.Name)
			}
		}
	}
	if rep.Requests != len(a.requests) {
		t.Errorf("report counts %d requests, the server saw %d", rep.Requests, len(a.requests))
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name   string
		app    *app
		id     string
		status guard.Status
		msg    string
	}{
		{"missing CSP", &app{csp: str("")}, "headers.csp", guard.Fail, "no Content-Security-Policy"},
		{"weak CSP", &app{csp: str("default-src 'self'; script-src 'self' 'unsafe-inline'")}, "headers.csp", guard.Fail, "allows inline scripts"},
		{"wildcard CSP", &app{csp: str("default-src *")}, "headers.csp", guard.Fail, "allows scripts from any host"},
		{"XFO absent but frame-ancestors present", &app{xfo: str(""), csp: str("default-src 'self'; frame-ancestors 'none'")}, "headers.frame-options", guard.Pass, "frame-ancestors 'none'"},
		{"no framing protection", &app{xfo: str("")}, "headers.frame-options", guard.Fail, "no X-Frame-Options and no Content-Security-Policy frame-ancestors"},
		{"ALLOW-FROM", &app{xfo: str("ALLOW-FROM https://partner.example")}, "headers.frame-options", guard.Fail, "neither DENY nor SAMEORIGIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := verifyServer(t, serve(t, tt.app), runbookConfig)
			r := expectOne(t, rep, tt.id, tt.status, tt.msg)
			if r.Status == guard.Fail && (rep.OK || r.Hint == "") {
				t.Errorf("a failed header left the report OK or without a hint: %+v", r)
			}
		})
	}
	// Each configured page is judged.
	rep := verifyServer(t, serve(t, &app{}), "verify:\n  pages: [/, /welcome, /missing]\n")
	csp := results(rep, "headers.csp")
	if len(csp) != 3 || !strings.HasSuffix(csp[1].URL, "/welcome") || csp[2].Status != guard.Pass {
		t.Errorf("pages: %s", dump(csp))
	}
}

func TestCookies(t *testing.T) {
	tests := []struct {
		name    string
		cookies []string
		status  guard.Status
		msgs    []string
	}{
		{"session cookie without HttpOnly", []string{"applylens_session=x; Path=/; Secure; SameSite=Lax"}, guard.Fail,
			[]string{"session cookie applylens_session is set without HttpOnly"}},
		{"session cookie without SameSite", []string{"applylens_session=x; Path=/; Secure; HttpOnly"}, guard.Fail,
			[]string{"session cookie applylens_session is set without SameSite=Lax or Strict"}},
		{"session cookie with SameSite=None", []string{"applylens_session=x; Secure; HttpOnly; SameSite=None"}, guard.Fail,
			[]string{"SameSite=None"}},
		{"cookiesec's name rule finds session cookies nobody configured", []string{"auth_token=x; Secure; SameSite=Lax"}, guard.Fail,
			[]string{"session cookie auth_token is set without HttpOnly"}},
		{"a CSRF cookie may be read by scripts", []string{"XSRF-TOKEN=x; Secure; SameSite=Lax"}, guard.Pass,
			[]string{"XSRF-TOKEN"}},
		{"over plain http a missing Secure warns", []string{"theme=dark; Path=/"}, guard.Warn,
			[]string{"cookie theme is set without Secure (this is plain http; over https it fails)"}},
		{"deletion cookie (Max-Age=0) is exempt", []string{"applylens_session=; Path=/; Max-Age=0"}, guard.Pass,
			[]string{"deletion cookie(s) applylens_session exempt"}},
		{"deletion cookie (Expires in the past) is exempt", []string{"old_session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}, guard.Pass,
			[]string{"deletion cookie(s) old_session exempt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := verifyServer(t, serve(t, &app{cookies: tt.cookies}), runbookConfig)
			for _, m := range tt.msgs {
				expectSome(t, rep, "cookie.flags", tt.status, m)
			}
			if tt.status == guard.Fail && rep.OK {
				t.Error("a cookie failure left the report OK")
			}
		})
	}
	// A cookie set on every response is reported once.
	rep := verifyServer(t, serve(t, &app{cookies: []string{"applylens_session=x; Secure; SameSite=Lax"}}), "verify:\n  pages: [/, \"/?a\", \"/?b\"]\n")
	if n := len(results(rep, "cookie.flags")); n != 1 {
		t.Errorf("%d cookie.flags results for one bad cookie:%s", n, dump(results(rep, "cookie.flags")))
	}
	// Configured session cookies that no response set are named.
	rep = verifyServer(t, serve(t, &app{}), "verify:\n  session_cookies: [applylens_session]\n  pages: [/welcome]\n")
	expectOne(t, rep, "cookie.flags", guard.Skip, "no response set a cookie; applylens_session not set by any response seen")
}

func TestHTTPSCookiesMustBeSecure(t *testing.T) {
	ca := newCA(t)
	srv := serveTLS(t, &app{cookies: []string{"theme=dark; Path=/", sessionCookie}, hsts: "max-age=63072000"}, ca.leaf(t, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour)), 0, 0)
	rep := verifyServer(t, srv, runbookConfig, func(o *Options) { o.RootCAs = ca.pool() })
	expectOne(t, rep, "cookie.flags", guard.Fail, "cookie theme is set without Secure, so it can travel over plain HTTP")
	expectOne(t, rep, "headers.hsts", guard.Pass, "max-age=63072000")
	expectOne(t, rep, "tls.certificate", guard.Pass, "the certificate for 127.0.0.1 verifies (issued by relguard test CA)")
}

func TestRoutesDev(t *testing.T) {
	rep := verifyServer(t, serve(t, &app{devRoute: true}), runbookConfig)
	expectSome(t, rep, "routes.dev", guard.Fail, "dev route GET /api/dev/demo/login answered 200; it must be off in a deployment")
	if rep.OK {
		t.Error("a dev route left on passed")
	}

	rep = verifyServer(t, serve(t, &app{pprof: true}), runbookConfig)
	expectSome(t, rep, "routes.dev", guard.Fail, "GET /debug/pprof/ answered 200 with the Go pprof index")

	// A single-page application answers 200 everywhere: that is not an
	// exposed .env or .git.
	rep = verifyServer(t, serve(t, &app{catchAll: true}), runbookConfig)
	expectSome(t, rep, "routes.dev", guard.Fail, "dev route GET /api/dev/demo/login answered 200")
	pass := expectSome(t, rep, "routes.dev", guard.Pass, "/.env 200 with text/html, not a dotenv file")
	if !strings.Contains(pass.Message, "/.git/config 200 with text/html, not the git repository's configuration") {
		t.Errorf("catch-all: %s", pass.Message)
	}

	// Real exposures.
	mux := http.NewServeMux()
	mux.HandleFunc("/.env", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "DATABASE_URL=postgres://u:p@db/app\nJWT_SECRET=x\n")
	})
	mux.HandleFunc("/.git/config", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "[core]\n\trepositoryformatversion = 0\n")
	})
	mux.HandleFunc("/debug/vars", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"cmdline":["app"],"memstats":{}}`) })
	rep = verifyServer(t, serve(t, mux), "verify:\n  pages: [/]\n")
	for _, m := range []string{"GET /.env answered 200 with a dotenv file", "GET /.git/config answered 200 with the git repository's configuration", "GET /debug/vars answered 200 with Go expvar data"} {
		r := expectSome(t, rep, "routes.dev", guard.Fail, m)
		if strings.Contains(r.Message, "JWT_SECRET") || strings.Contains(r.Message, "postgres://") {
			t.Errorf("a secret leaked into the report: %s", r.Message)
		}
	}
}

func TestRateLimit(t *testing.T) {
	const cfg = runbookConfig + "  rate_limit: {path: /api/healthz, limit: 10, window: 60s}\n"
	a := &app{rateLimit: 10}
	rep := verifyServer(t, serve(t, a), cfg)
	// health.status and health.latency sent 3 requests to the path first.
	expectOne(t, rep, "ratelimit.engaged", guard.Pass, "GET /api/healthz answered 429 after 8 request(s) (and 3 earlier in this run); limit 10 per 1m")

	a = &app{}
	rep = verifyServer(t, serve(t, a), cfg)
	expectOne(t, rep, "ratelimit.engaged", guard.Fail, "no 429 after 15 requests to /api/healthz (limit 10 per 1m)")
	if n := a.hits["/api/healthz"]; n != 3+15 {
		t.Errorf("the probe sent %d requests to the path, want 3 health requests plus limit+5 = 15", n)
	}

	rep = verifyServer(t, serve(t, &app{rateLimit: 1}), "verify:\n  health: [/health]\n  rate_limit: {path: /api/healthz, limit: 10}\n")
	expectOne(t, rep, "ratelimit.engaged", guard.Warn, "answered 429 after 2 request(s); limit 10 per 1m: that is under half the limit")

	// Never without configuration.
	a = &app{}
	rep = verifyServer(t, serve(t, a), "verify:\n  health: [/health]\n")
	expectOne(t, rep, "ratelimit.engaged", guard.Skip, "not configured")
	if a.hits["/api/healthz"] != 0 {
		t.Errorf("an unconfigured probe sent %d requests", a.hits["/api/healthz"])
	}
}

func TestHealthVersion(t *testing.T) {
	tests := []struct {
		name   string
		app    *app
		cfg    string
		status guard.Status
		msg    string
	}{
		{"wrong version", &app{version: "0.4.64"}, runbookConfig, guard.Fail, `GET /api/healthz reports version "0.4.64", want 0.5.0`},
		{"v prefix", &app{version: "v0.5.0"}, runbookConfig, guard.Pass, "reports version v0.5.0"},
		{"not JSON", &app{healthBody: "OK"}, "verify:\n  health: [/api/healthz]\n", guard.Fail, "GET /api/healthz is not JSON: `OK`, want version 0.5.0"},
		{"missing field", &app{healthBody: `{"status":"ok"}`}, "verify:\n  health: [/api/healthz]\n", guard.Fail, "has no field version: `{\"status\":\"ok\"}`"},
		{"number", &app{healthBody: `{"version":5}`}, "verify:\n  health: [/api/healthz]\n", guard.Fail, "reports version 5, not a version string"},
		{"dotted field", &app{healthBody: `{"build":{"version":"0.5.0"}}`}, "verify:\n  health: [/api/healthz]\n  version_field: build.version\n", guard.Pass, "reports build.version 0.5.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := verifyServer(t, serve(t, tt.app), tt.cfg)
			expectSome(t, rep, "health.version", tt.status, tt.msg)
		})
	}
	rep := verifyServer(t, serve(t, &app{}), runbookConfig, func(o *Options) { o.Version, o.VersionNote = "", "no --version given" })
	expectOne(t, rep, "health.version", guard.Skip, "no --version given")
}

func TestHealthStatusAndLatency(t *testing.T) {
	rep := verifyServer(t, serve(t, &app{healthDelay: 60 * time.Millisecond}), "verify:\n  health: [/api/healthz]\n  max_latency: 50ms\n")
	expectOne(t, rep, "health.latency", guard.Fail, "median of 3 requests to /api/healthz took")
	expectOne(t, rep, "health.latency", guard.Fail, "over max_latency 50ms")

	// Default paths: say which answered.
	rep = verifyServer(t, serve(t, &app{}), "")
	health := results(rep, "health.status")
	if len(health) != 2 || health[0].Status != guard.Pass || !strings.Contains(health[0].Message, "GET /health answered 200 (tried /healthz: 404; /health: 200; /api/healthz: 200)") {
		t.Errorf("default health paths: %s", dump(health))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	rep = verifyServer(t, serve(t, mux), "")
	expectOne(t, rep, "health.status", guard.Fail, "none of /healthz, /health, /api/healthz answered 200 (/healthz: 503; /health: 404; /api/healthz: 404)")
	expectOne(t, rep, "health.version", guard.Skip, "no health endpoint answered 200")

	rep = verifyServer(t, serve(t, &app{}), "verify:\n  health: [/api/healthz, /nope]\n")
	expectSome(t, rep, "health.status", guard.Fail, "GET /nope answered 404, want 200")
}

func TestCSRF(t *testing.T) {
	for body, msg := range map[string]string{
		`{"csrfToken":""}`:      "hands out an empty csrfToken",
		`{"token":"abc"}`:       "has no field csrfToken",
		`<html>`:                "is not JSON",
		`{"csrfToken":["abc"]}`: "not a string",
	} {
		rep := verifyServer(t, serve(t, &app{csrfBody: body}), runbookConfig)
		expectOne(t, rep, "csrf.token", guard.Fail, msg)
	}
	rep := verifyServer(t, serve(t, &app{}), "verify:\n  pages: [/]\n")
	expectOne(t, rep, "csrf.token", guard.Skip, "no CSRF endpoint configured")
}

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	other := &app{}
	elsewhere := serve(t, other)
	rep := verifyServer(t, serve(t, &app{redirectTo: elsewhere.URL + "/"}), runbookConfig)
	r := expectOne(t, rep, "headers.csp", guard.Fail, "GET / redirects to "+elsewhere.URL+"/, outside the deployment's origin; not followed")
	if !strings.Contains(r.Hint, "run relguard verify on the URL the deployment redirects to") {
		t.Errorf("hint %q", r.Hint)
	}
	if n := len(other.paths()); n != 0 {
		t.Errorf("the other host received %d request(s): %v", n, other.paths())
	}
	// A redirect within the origin is followed.
	mux := http.NewServeMux()
	mux.Handle("/", http.RedirectHandler("/welcome", http.StatusFound))
	mux.Handle("/welcome", &app{})
	rep = verifyServer(t, serve(t, mux), "verify:\n  pages: [/]\n")
	expectOne(t, rep, "headers.csp", guard.Pass, goodCSP)
}

func TestExpect(t *testing.T) {
	rep := verifyServer(t, serve(t, &app{}), "verify:\n  expect:\n    - {path: /welcome, contains: Goodbye}\n    - {path: /gone, status: 410}\n    - {path: /nope, status: 404}\n")
	rs := results(rep, "expect")
	if len(rs) != 3 || rs[0].Status != guard.Fail || !strings.Contains(rs[0].Message, `GET /welcome answered 200, but its body (29 bytes) does not contain "Goodbye"`) ||
		rs[1].Status != guard.Fail || !strings.Contains(rs[1].Message, "GET /gone answered 404, want 410") ||
		rs[2].Status != guard.Pass || !strings.Contains(rs[0].Hint, "relguard.yaml line 3") {
		t.Errorf("expect:%s", dump(rs))
	}
}

func TestRequestCap(t *testing.T) {
	rep := verifyServer(t, serve(t, &app{}), runbookConfig+"  max_requests: 5\n")
	if rep.Requests != 5 {
		t.Errorf("sent %d requests with a cap of 5", rep.Requests)
	}
	expectSome(t, rep, "headers.csp", guard.Fail, "GET / failed: request cap reached")
	r := results(rep, "headers.csp")[0]
	if !strings.Contains(r.Hint, "raise verify.max_requests") {
		t.Errorf("hint %q", r.Hint)
	}
	rep = verifyServer(t, serve(t, &app{}), "verify:\n  health: [/health]\n  max_requests: 20\n  rate_limit: {path: /api/healthz, limit: 100}\n")
	expectOne(t, rep, "ratelimit.engaged", guard.Warn, "not probed: it needs up to 105 requests")
}

func TestSkip(t *testing.T) {
	a := &app{}
	rep := verifyServer(t, serve(t, a), runbookConfig, func(o *Options) {
		o.Skip = map[string]bool{"routes.dev": true, "headers.csp": true, "expect": true}
	})
	expectOne(t, rep, "routes.dev", guard.Skip, "skipped by --skip")
	expectOne(t, rep, "headers.csp", guard.Skip, "skipped by --skip")
	for _, p := range a.paths() {
		if p == "/.env" || p == "/welcome" {
			t.Errorf("a skipped check sent GET %s", p)
		}
	}
}

func TestTLSCertificate(t *testing.T) {
	ca := newCA(t)
	now := time.Now()
	good := &app{hsts: "max-age=63072000"}
	tests := []struct {
		name   string
		cert   tls.Certificate
		roots  bool
		status guard.Status
		msg    string
	}{
		{"valid", ca.leaf(t, now.Add(-time.Hour), now.Add(90*24*time.Hour)), true, guard.Pass, "verifies (issued by relguard test CA), TLS 1.3"},
		{"expired", ca.leaf(t, now.Add(-90*24*time.Hour), now.Add(-24*time.Hour)), true, guard.Fail, `the certificate "localhost" expired on `},
		{"expiring within tls_min_days", ca.leaf(t, now.Add(-time.Hour), now.Add(5*24*time.Hour+time.Hour)), true, guard.Fail, "in 5 day(s); tls_min_days is 14"},
		{"unknown authority", ca.leaf(t, now.Add(-time.Hour), now.Add(90*24*time.Hour)), false, guard.Fail, "signed by an unknown authority (relguard test CA)"},
		{"wrong host", ca.leaf(t, now.Add(-time.Hour), now.Add(90*24*time.Hour), "applylens.app"), true, guard.Fail, "the certificate is for applylens.app, not 127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveTLS(t, good, tt.cert, 0, 0)
			rep := verifyServer(t, srv, runbookConfig, func(o *Options) {
				o.RootCAs = nil
				if tt.roots {
					o.RootCAs = ca.pool()
				}
			})
			expectOne(t, rep, "tls.certificate", tt.status, tt.msg)
			// The other checks still judge the deployment.
			expectOne(t, rep, "headers.csp", guard.Pass, goodCSP)
			expectOne(t, rep, "headers.hsts", guard.Pass, "max-age=63072000")
		})
	}
	srv := serveTLS(t, good, ca.leaf(t, now.Add(-time.Hour), now.Add(90*24*time.Hour)), tls.VersionTLS11, tls.VersionTLS11)
	rep := verifyServer(t, srv, "verify:\n  pages: [/]\n", func(o *Options) { o.RootCAs = ca.pool() })
	expectSome(t, rep, "tls.certificate", guard.Fail, "the server negotiated TLS 1.1; TLS 1.2 or newer is required")

	srv = serveTLS(t, &app{hsts: "max-age=600"}, ca.leaf(t, now.Add(-time.Hour), now.Add(90*24*time.Hour)), 0, 0)
	rep = verifyServer(t, srv, "verify:\n  pages: [/]\n", func(o *Options) { o.RootCAs = ca.pool() })
	expectOne(t, rep, "headers.hsts", guard.Fail, "max-age=600 is under 15552000 seconds")
}

func TestConnectErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	u, _ := ParseURL("http://" + addr)
	_, err = Run(context.Background(), Options{URL: u, Timeout: 2 * time.Second})
	var ce *ConnectError
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "cannot connect to "+addr+": connection refused") {
		t.Errorf("closed port: %v", err)
	}
	// https to a plain HTTP server: the handshake is impossible.
	srv := serve(t, &app{})
	u, _ = ParseURL(strings.Replace(srv.URL, "http://", "https://", 1))
	_, err = Run(context.Background(), Options{URL: u, Timeout: 2 * time.Second})
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "TLS handshake with "+strings.TrimPrefix(srv.URL, "http://")+" failed") {
		t.Errorf("https to http: %v", err)
	}
}

func TestParseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://applylens.app":      "https://applylens.app",
		"https://applylens.app/":     "https://applylens.app",
		"http://127.0.0.1:8080/app/": "http://127.0.0.1:8080/app",
	} {
		u, err := ParseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for in, msg := range map[string]string{
		"ftp://x":                   "is not an http:// or https:// URL",
		"applylens.app":             "is not an http:// or https:// URL",
		"https://u:p@applylens.app": "carries credentials",
		"https://a.app/?x=1":        "has a query or fragment",
		"https://:443":              "has no host name",
		"http://[::1":               "is not an http",
	} {
		if _, err := ParseURL(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseURL(%q) = %v, want %q", in, err, msg)
		}
	}
}

func TestBasePathIsAPrefix(t *testing.T) {
	a := &app{}
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app", a))
	rep := verifyServer(t, serve(t, mux), "verify:\n  health: [/api/healthz]\n  pages: [/welcome]\n", func(o *Options) {
		o.URL, _ = url.Parse(o.URL.String() + "/app")
	})
	expectOne(t, rep, "health.status", guard.Pass, "GET /api/healthz answered 200")
	if r := results(rep, "headers.csp")[0]; !strings.HasSuffix(r.URL, "/app/welcome") || r.Status != guard.Pass {
		t.Errorf("page under the base path: %+v", r)
	}
}

func TestOnlyPagesFollowRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/api/dev/demo/login", http.RedirectHandler("/", http.StatusFound))
	mux.Handle("/api/healthz", http.RedirectHandler("/login", http.StatusFound))
	mux.Handle("/old", http.RedirectHandler("/welcome", http.StatusMovedPermanently))
	mux.Handle("/", &app{})
	srv := serve(t, mux)
	rep := verifyServer(t, srv, "verify:\n  health: [/api/healthz]\n  dev_routes: [/api/dev/demo/login]\n  pages: [/old]\n  expect:\n    - {path: /old, status: 301}\n")
	// A dev route that sends visitors home is off, not "answering 200".
	expectOne(t, rep, "routes.dev", guard.Pass, "not exposed: /api/dev/demo/login 302 (a redirect to "+srv.URL+"/)")
	// A health endpoint is judged by what it answers itself.
	expectOne(t, rep, "health.status", guard.Fail, "GET /api/healthz answered 302, want 200 (a redirect to "+srv.URL+"/login)")
	// A smoke check may expect the redirect itself; a page is judged where
	// the browser lands.
	expectOne(t, rep, "expect", guard.Pass, "GET /old answered 301")
	if csp := expectOne(t, rep, "headers.csp", guard.Pass, goodCSP); !strings.HasSuffix(csp.URL, "/old") {
		t.Errorf("headers.csp judged %s", csp.URL)
	}
}

// A load balancer's stickiness cookie that the application cannot make
// Secure warns; the application's own cookies still have to be Secure.
func TestLoadBalancerCookieWarns(t *testing.T) {
	ca := newCA(t)
	srv := serveTLS(t, &app{cookies: []string{
		"AWSALB=w2dGxOrG3q; Expires=" + time.Now().Add(7*24*time.Hour).UTC().Format(http.TimeFormat) + "; Path=/",
		"AWSALBCORS=w2dGxOrG3q; Path=/; Secure; SameSite=None",
		sessionCookie,
	}, hsts: "max-age=63072000"}, ca.leaf(t, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour)), 0, 0)
	rep := verifyServer(t, srv, runbookConfig, func(o *Options) { o.RootCAs = ca.pool() })
	w := expectSome(t, rep, "cookie.flags", guard.Warn, "cookie AWSALB is set without Secure by the AWS Application Load Balancer")
	if strings.Contains(w.Hint, "COOKIE_SECURE") {
		t.Errorf("hint names the application's setting: %q", w.Hint)
	}
	for _, r := range results(rep, "cookie.flags") {
		if r.Status == guard.Fail {
			t.Errorf("a load balancer's cookie failed: %s", dump([]Result{r}))
		}
	}

	// A session cookie by that name is still the application's.
	srv = serveTLS(t, &app{cookies: []string{"AWSALB=x; Path=/; HttpOnly; SameSite=Lax", sessionCookie}, hsts: "max-age=63072000"},
		ca.leaf(t, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour)), 0, 0)
	rep = verifyServer(t, srv, "verify:\n  session_cookies: [AWSALB]\n", func(o *Options) { o.RootCAs = ca.pool() })
	expectSome(t, rep, "cookie.flags", guard.Fail, "session cookie AWSALB is set without Secure")
}

// A page that answers 200 for every path and echoes the path it could not
// find is not the pprof index, however it names /debug/pprof/.
func TestRoutesDevEchoingCatchAll(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><title>Not found</title><body>No page at %s. <a href=\"/\">Home</a></body></html>", html.EscapeString(r.URL.Path))
	}))
	t.Cleanup(srv.Close)
	rep := verifyServer(t, srv, "verify:\n  pages: [/]\n")
	expectOne(t, rep, "routes.dev", guard.Pass, "/debug/pprof/ 200 with text/html, not the Go pprof index")
}
