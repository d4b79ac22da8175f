package releasecmd

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/verify"
)

// deployment answers like the runbook's application; csp "" drops the
// Content-Security-Policy.
func deployment(version, csp string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
		}
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Strict-Transport-Security", "max-age=63072000")
		switch r.URL.Path {
		case "/api/healthz":
			fmt.Fprintf(w, `{"status":"ok","version":%q}`, version)
		case "/":
			fmt.Fprint(w, "<title>ApplyLens</title>")
		default:
			http.NotFound(w, r)
		}
	})
}

const healthOnly = "verify:\n  health: [/api/healthz]\n"

// verifyRun runs `relguard verify` in dir (a fresh directory outside any
// repository by default) and decodes the JSON report when there is one.
type verifyOutcome struct {
	code           int
	stdout, stderr string
	report         verify.Report
}

func runVerifyIn(t *testing.T, dir string, args ...string) verifyOutcome {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	t.Chdir(dir)
	o := run(t, Verify, args...)
	v := verifyOutcome{code: o.code, stdout: o.stdout, stderr: o.stderr}
	if strings.Contains(strings.Join(args, " "), "--format json") && o.code != 2 {
		if err := json.Unmarshal([]byte(o.stdout), &v.report); err != nil {
			t.Fatalf("stdout is not a JSON report: %v\n%s", err, o.stdout)
		}
	}
	return v
}

func (v verifyOutcome) result(t *testing.T, id string, status guard.Status, fragment string) verify.Result {
	t.Helper()
	for _, r := range v.report.Checks {
		if r.ID == id && r.Status == status && strings.Contains(r.Message, fragment) {
			return r
		}
	}
	t.Errorf("no %s %s result containing %q in\n%s", id, status, fragment, v.stdout)
	return verify.Result{}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVerifyCommandExitCodes(t *testing.T) {
	good := httptest.NewServer(deployment("0.5.0", "default-src 'self'"))
	defer good.Close()
	weak := httptest.NewServer(deployment("0.5.0", ""))
	defer weak.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	_ = l.Close()
	cfgDir := t.TempDir()
	cfg := writeFile(t, cfgDir, "relguard.yaml", healthOnly)
	badCfg := writeFile(t, cfgDir, "bad.yaml", "verify:\n  health: [/api/healthz]\n  helth: [/x]\n")
	notPEM := writeFile(t, cfgDir, "ca.txt", "not a certificate\n")

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // the one line on stderr, or a fragment of stdout for codes 0 and 1
	}{
		{"passes", []string{good.URL, "--config", cfg, "--version", "v0.5.0"}, 0, "verified ("},
		{"a failed check", []string{weak.URL, "--config", cfg, "--version", "0.5.0"}, 1, "✗ headers.csp"},
		{"flags before the URL", []string{"--config", cfg, "--skip", "headers.csp", weak.URL}, 0, "- headers.csp"},
		{"missing URL", nil, 2, "relguard verify: missing URL; usage: relguard verify URL [flags]"},
		{"two URLs", []string{good.URL, good.URL}, 2, "expected one URL, got 2 arguments"},
		{"not http", []string{"ftp://applylens.app"}, 2, `"ftp://applylens.app" is not an http:// or https:// URL`},
		{"unknown format", []string{good.URL, "--format", "xml"}, 2, `unknown --format "xml"`},
		{"unknown check", []string{good.URL, "--skip", "headers.xfo"}, 2, `unknown check ID "headers.xfo" in --skip; the IDs are cookie.flags, csrf.token, expect, headers.content-type-options`},
		{"bad version", []string{good.URL, "--version", "0.5"}, 2, `"0.5" is not a semantic version`},
		{"bad timeout", []string{good.URL, "--timeout", "0s"}, 2, "--timeout must be positive"},
		{"bad flag", []string{good.URL, "--versoin", "1.0.0"}, 2, "flag provided but not defined: -versoin"}, //nolint:misspell // the misspelling is the test
		{"unreachable", []string{"http://" + closed}, 2, "relguard verify: cannot connect to " + closed + ": connection refused"},
		{"config key", []string{good.URL, "--config", badCfg}, 2, badCfg + `:3: unknown key "helth" in verify`},
		{"missing config", []string{good.URL, "--config", filepath.Join(cfgDir, "nope.yaml")}, 2, "cannot read configuration"},
		{"cacert not PEM", []string{good.URL, "--cacert", notPEM}, 2, "--cacert: " + notPEM + " holds no PEM certificate"},
		{"cacert missing", []string{good.URL, "--cacert", filepath.Join(cfgDir, "nope.pem")}, 2, "nope.pem does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := runVerifyIn(t, "", tt.args...)
			if o.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", o.code, tt.code, o.stdout, o.stderr)
			}
			if tt.code == 2 {
				if !strings.Contains(o.stderr, tt.stderr) || strings.Count(o.stderr, "\n") != 1 || o.stdout != "" {
					t.Errorf("stderr %q, want one line containing %q (stdout %q)", o.stderr, tt.stderr, o.stdout)
				}
				return
			}
			if !strings.Contains(o.stdout, tt.stderr) || o.stderr != "" {
				t.Errorf("stdout lacks %q:\n%s\nstderr: %s", tt.stderr, o.stdout, o.stderr)
			}
		})
	}
}

// newTestCA returns a CA, its PEM, and a server certificate it issued for
// 127.0.0.1.
func newTestCA(t *testing.T) (caPEM []byte, server tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relguard verify test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour * 365),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(90 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestVerifyCommandTLSWithCACert(t *testing.T) {
	caPEM, cert := newTestCA(t)
	srv := httptest.NewUnstartedServer(deployment("0.5.0", "default-src 'self'"))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	dir := t.TempDir()
	caFile := writeFile(t, dir, "ca.pem", string(caPEM))
	cfg := writeFile(t, dir, "relguard.yaml", healthOnly)

	o := runVerifyIn(t, "", srv.URL, "--cacert", caFile, "--config", cfg, "--version", "0.5.0", "--format", "json")
	if o.code != 0 || !o.report.OK || o.report.URL != srv.URL || o.report.Version != "0.5.0" || o.report.Requests == 0 {
		t.Fatalf("exit %d:\n%s%s", o.code, o.stdout, o.stderr)
	}
	o.result(t, "tls.certificate", guard.Pass, "the certificate for 127.0.0.1 verifies (issued by relguard verify test CA)")
	o.result(t, "headers.hsts", guard.Pass, "max-age=63072000")
	o.result(t, "health.version", guard.Pass, "GET /api/healthz reports version 0.5.0")

	// Without the CA the chain does not verify: the check fails, the rest runs.
	o = runVerifyIn(t, "", srv.URL, "--config", cfg, "--version", "0.5.0", "--format", "json")
	if o.code != 1 {
		t.Fatalf("exit %d without --cacert", o.code)
	}
	r := o.result(t, "tls.certificate", guard.Fail, "signed by an unknown authority (relguard verify test CA)")
	if !strings.Contains(r.Hint, "--cacert FILE") {
		t.Errorf("hint %q", r.Hint)
	}
	o.result(t, "health.version", guard.Pass, "reports version 0.5.0")
}

func TestVerifyCommandVersionAndConfigFromTheRepository(t *testing.T) {
	srv := httptest.NewServer(deployment("0.5.0", "default-src 'self'"))
	defer srv.Close()
	g := gittest.New(t)
	g.Write("relguard.yaml", healthOnly+"  pages: [/]\n")
	g.Write("web/index.html", "hi\n")
	g.Commit("release 0.5.0")
	g.Git("tag", "-a", "-m", "v0.5.0", "v0.5.0")
	g.Git("tag", "not-a-release")
	g.Git("tag", "v0.5.0-rc.1") // also at HEAD, but lower: v0.5.0 is the one

	// From a subdirectory, with no flag: relguard.yaml at the root, version from the tag.
	o := runVerifyIn(t, filepath.Join(g.Dir, "web"), srv.URL, "--format", "json")
	if o.code != 0 || o.report.Version != "0.5.0" {
		t.Fatalf("exit %d version %q:\n%s%s", o.code, o.report.Version, o.stdout, o.stderr)
	}
	o.result(t, "health.version", guard.Pass, "GET /api/healthz reports version 0.5.0")
	o.result(t, "health.status", guard.Pass, "GET /api/healthz answered 200") // configured, not the defaults

	// --version wins over the tag.
	o = runVerifyIn(t, g.Dir, srv.URL, "--version", "0.6.0", "--format", "json")
	o.result(t, "health.version", guard.Fail, `reports version "0.5.0", want 0.6.0`)

	// HEAD without a release tag: the version check is skipped, saying why.
	g.Commit("after the release")
	o = runVerifyIn(t, g.Dir, srv.URL, "--format", "json")
	o.result(t, "health.version", guard.Skip, "HEAD carries no release tag (vMAJOR.MINOR.PATCH) and no --version was given; pass --version V")

	// Outside a repository.
	o = runVerifyIn(t, "", srv.URL, "--format", "json")
	o.result(t, "health.version", guard.Skip, "no --version given, and not inside a git repository")
}
