package verify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/guard"
)

// app is a deployment shaped like the runbook's: an API health endpoint
// with the version, a web health endpoint, a CSRF endpoint, a welcome page,
// security headers and a session cookie. Each field breaks one thing.
type app struct {
	version     string        // reported by /api/healthz ("" keeps 0.5.0)
	healthBody  string        // replaces /api/healthz's body
	healthDelay time.Duration // slows /api/healthz down
	csp         *string       // nil: the good policy
	xfo         *string       // nil: DENY
	hsts        string
	cookies     []string // Set-Cookie headers of /
	devRoute    bool     // /api/dev/demo/login answers 200
	pprof       bool     // net/http/pprof is mounted
	catchAll    bool     // every unknown path answers 200 with the index page
	rateLimit   int      // /api/healthz answers 429 after this many requests (0: never)
	redirectTo  string   // / redirects here
	csrfBody    string   // replaces /api/auth/csrf's body

	mu       sync.Mutex
	requests []*http.Request
	hits     map[string]int
}

func str(s string) *string { return &s }

const goodCSP = "default-src 'self'; img-src 'self' data:"

var sessionCookie = "applylens_session=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Lax"

func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.requests = append(a.requests, r)
	if a.hits == nil {
		a.hits = map[string]int{}
	}
	a.hits[r.URL.Path]++
	hits := a.hits[r.URL.Path]
	a.mu.Unlock()

	h := w.Header()
	csp, xfo := goodCSP, "DENY"
	if a.csp != nil {
		csp = *a.csp
	}
	if a.xfo != nil {
		xfo = *a.xfo
	}
	if csp != "" {
		h.Set("Content-Security-Policy", csp)
	}
	if xfo != "" {
		h.Set("X-Frame-Options", xfo)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	if a.hsts != "" {
		h.Set("Strict-Transport-Security", a.hsts)
	}
	switch p := r.URL.Path; {
	case p == "/api/healthz":
		if a.rateLimit > 0 && hits > a.rateLimit {
			http.Error(w, "rate limited", http.StatusTooManyRequests)
			return
		}
		time.Sleep(a.healthDelay)
		v := a.version
		if v == "" {
			v = "0.5.0"
		}
		body := fmt.Sprintf(`{"status":"ok","timestamp":"2025-01-27T10:00:00Z","version":%q}`, v)
		if a.healthBody != "" {
			body = a.healthBody
		}
		h.Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	case p == "/health":
		h.Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok"}`)
	case p == "/api/auth/csrf":
		h.Add("Set-Cookie", "csrftoken=t0k3n; Path=/; Secure; SameSite=Lax")
		body := `{"csrfToken":"t0k3n-abcdefghijklmnop"}`
		if a.csrfBody != "" {
			body = a.csrfBody
		}
		h.Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	case p == "/" && a.redirectTo != "":
		http.Redirect(w, r, a.redirectTo, http.StatusFound)
	case p == "/":
		for _, c := range a.cookies {
			h.Add("Set-Cookie", c)
		}
		fmt.Fprint(w, "<!doctype html><title>ApplyLens</title>")
	case p == "/welcome":
		fmt.Fprint(w, "<h1>Welcome to ApplyLens</h1>")
	case p == "/api/dev/demo/login" && a.devRoute:
		fmt.Fprint(w, `{"ok":true}`)
	case strings.HasPrefix(p, "/debug/pprof/") && a.pprof:
		pprof.Index(w, r)
	case a.catchAll:
		h.Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><div id=root></div>")
	default:
		http.NotFound(w, r)
	}
}

func (a *app) paths() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, r := range a.requests {
		out = append(out, r.URL.Path)
	}
	return out
}

// runbookConfig is the runbook's verify: section, without the rate limit.
const runbookConfig = `verify:
  health: [/api/healthz, /health]
  csrf: {path: /api/auth/csrf}
  session_cookies: [applylens_session]
  dev_routes: [/api/dev/demo/login]
  expect:
    - {path: /welcome, status: 200, contains: ApplyLens}
`

func parseConfig(t *testing.T, doc string) config.Verify {
	t.Helper()
	cfg, err := config.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Verify
}

// verifyServer runs verify against srv with the configuration and options.
func verifyServer(t *testing.T, srv *httptest.Server, doc string, opts ...func(*Options)) Report {
	t.Helper()
	u, err := ParseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{URL: u, Version: "0.5.0", Config: parseConfig(t, doc), Timeout: 5 * time.Second, UserAgent: "relguard/test"}
	if srv.TLS != nil {
		o.RootCAs = x509.NewCertPool()
		o.RootCAs.AddCert(srv.Certificate())
	}
	for _, f := range opts {
		f(&o)
	}
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, r := range rep.Checks {
		if r.Message == "" || strings.Contains(r.Message, "\n") || r.URL == "" {
			t.Errorf("malformed result %+v", r)
		}
		if (r.Status == guard.Fail || r.Status == guard.Warn) && r.Hint == "" {
			t.Errorf("%s %s without a hint: %s", r.ID, r.Status, r.Message)
		}
	}
	return rep
}

func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// results returns the results with the ID.
func results(rep Report, id string) []Result {
	var out []Result
	for _, r := range rep.Checks {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out
}

// expectOne asserts that the check has exactly one result, with the status
// and a message containing msg.
func expectOne(t *testing.T, rep Report, id string, status guard.Status, msg string) Result {
	t.Helper()
	rs := results(rep, id)
	if len(rs) != 1 || rs[0].Status != status || !strings.Contains(rs[0].Message, msg) {
		t.Fatalf("%s = %s\nwant one %s result containing %q", id, dump(rs), status, msg)
	}
	return rs[0]
}

// expectSome asserts that some result of the check has the status and a
// message containing msg.
func expectSome(t *testing.T, rep Report, id string, status guard.Status, msg string) Result {
	t.Helper()
	rs := results(rep, id)
	for _, r := range rs {
		if r.Status == status && strings.Contains(r.Message, msg) {
			return r
		}
	}
	t.Fatalf("%s = %s\nwant a %s result containing %q", id, dump(rs), status, msg)
	return Result{}
}

func dump(rs []Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "\n  %s %s %q url=%s hint=%q", r.ID, r.Status, r.Message, r.URL, r.Hint)
	}
	if b.Len() == 0 {
		return "(no results)"
	}
	return b.String()
}

func statusOf(rep Report) map[string]guard.Status {
	worst := map[string]guard.Status{}
	rank := map[guard.Status]int{guard.Skip: 0, guard.Pass: 1, guard.Warn: 2, guard.Fail: 3}
	for _, r := range rep.Checks {
		if cur, ok := worst[r.ID]; !ok || rank[r.Status] > rank[cur] {
			worst[r.ID] = r.Status
		}
	}
	return worst
}

// ---- certificates ----

type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "relguard test CA"},
		NotBefore:             time.Now().Add(-48 * time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key}
}

func (ca *testCA) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// leaf issues a server certificate for 127.0.0.1 and localhost.
func (ca *testCA) leaf(t *testing.T, notBefore, notAfter time.Time, names ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if names == nil {
		names = []string{"localhost"}
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if names[0] == "localhost" {
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// serveTLS runs h with the certificate.
func serveTLS(t *testing.T, h http.Handler, cert tls.Certificate, minVersion, maxVersion uint16) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: minVersion, MaxVersion: maxVersion}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// jsonOf is a report as JSON, for failure messages.
func jsonOf(rep Report) string {
	b, _ := json.MarshalIndent(rep, "", "  ")
	return string(b)
}
