package releasecmd

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relguard/relguard/internal/release/gitrepo/gittest"
	"github.com/relguard/relguard/internal/release/guard"
)

// verifyTestdata is testdata/verify at the module root.
var verifyTestdata = filepath.Join("..", "..", "testdata", "verify")

func absPath(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// ---- the runbook's example ----

// startRunbookApp builds testdata/verify/runbookapp once per test and
// starts it on a free loopback port with the extra environment; it returns
// the base URL.
func startRunbookApp(t *testing.T, bin string, env ...string) string {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		lines <- line
	}()
	select {
	case line := <-lines:
		u, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
		if !ok {
			t.Fatalf("runbookapp printed %q", line)
		}
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("runbookapp did not start")
	}
	return ""
}

// goEnv is the environment the go command needs to find the user's build
// cache, captured before TestMain isolates HOME for git.
var goEnv = []string{"HOME=" + os.Getenv("HOME"), "XDG_CONFIG_HOME=" + os.Getenv("XDG_CONFIG_HOME")}

func buildRunbookApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "runbookapp")
	cmd := exec.Command("go", "build", "-o", bin, "./testdata/verify/runbookapp")
	cmd.Dir = absPath(t, filepath.Join("..", ".."))
	cmd.Env = append(os.Environ(), goEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build runbookapp: %v\n%s", err, out)
	}
	return bin
}

// TestVerifyRunbookExample is the runbook's post-deploy and security
// checklist as the one command the documentation shows, against a server
// shaped like the runbook's application; then the same command against the
// application deployed with the runbook's development settings.
func TestVerifyRunbookExample(t *testing.T) {
	bin := buildRunbookApp(t)
	config := absPath(t, filepath.Join(verifyTestdata, "runbookapp", "relguard.yaml"))

	url := startRunbookApp(t, bin)
	o := runVerifyIn(t, "", url, "--config", config, "--version", "0.5.0")
	if o.code != 0 {
		t.Fatalf("exit %d:\n%s%s", o.code, o.stdout, o.stderr)
	}
	for _, line := range []string{
		"✓ health.status                 GET /api/healthz answered 200\n",
		"✓ health.status                 GET /health answered 200\n",
		"✓ health.version                GET /api/healthz reports version 0.5.0\n",
		"✓ csrf.token                    GET /api/auth/csrf hands out a csrfToken (32 characters)\n",
		"✓ headers.csp                   /: Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\n",
		"✓ headers.frame-options         /: X-Frame-Options: DENY\n",
		"✓ cookie.flags                  1 cookie(s) seen with the flags required: applylens_session (session)\n",
		"✓ routes.dev                    not exposed: /api/dev/demo/login 404; ",
		"✓ expect                        GET /welcome answered 200 containing \"ApplyLens\"\n",
		"✓ ratelimit.engaged             GET /api/healthz answered 429 after 96 request(s) (and 3 earlier in this run); limit 100 per 1m\n",
		"14 passed, 0 failed, 0 warning(s), 3 skipped: " + url + " verified (",
	} {
		if !strings.Contains(o.stdout, line) {
			t.Errorf("output lacks %q:\n%s", line, o.stdout)
		}
	}
	if !regexp.MustCompile(`✓ health.latency +median of 3 requests to /api/healthz took [0-9.]+[µm]?s \(max_latency 2s\)`).MatchString(o.stdout) {
		t.Errorf("latency line:\n%s", o.stdout)
	}

	// The runbook's preflight settings left at their development values:
	// each one is caught by the check that owns it.
	url = startRunbookApp(t, bin, "APP_VERSION=0.4.64", "ALLOW_DEV_ROUTES=1", "COOKIE_HTTPONLY=0", "COOKIE_SAMESITE=None",
		"RATE_LIMIT_ENABLED=0", "SECURITY_HEADERS=0")
	o = runVerifyIn(t, "", url, "--config", config, "--version", "0.5.0", "--format", "json")
	if o.code != 1 || o.report.OK {
		t.Fatalf("exit %d:\n%s%s", o.code, o.stdout, o.stderr)
	}
	o.result(t, "health.version", guard.Fail, `GET /api/healthz reports version "0.4.64", want 0.5.0`)
	o.result(t, "headers.csp", guard.Fail, "no Content-Security-Policy")
	o.result(t, "headers.frame-options", guard.Fail, "no X-Frame-Options and no Content-Security-Policy frame-ancestors")
	o.result(t, "cookie.flags", guard.Fail, "session cookie applylens_session is set without HttpOnly")
	o.result(t, "cookie.flags", guard.Fail, "session cookie applylens_session is set with SameSite=None")
	o.result(t, "routes.dev", guard.Fail, "dev route GET /api/dev/demo/login answered 200; it must be off in a deployment")
	o.result(t, "ratelimit.engaged", guard.Fail, "no 429 after 105 requests to /api/healthz (limit 100 per 1m)")
	if o.report.Requests > 200+105 {
		t.Errorf("%d requests, over the default cap", o.report.Requests)
	}
}

// ---- nginx: one policy, two enforcement points ----

// nginxBinary finds Debian's nginx, which lives in /usr/sbin (often not on
// a user's PATH).
func nginxBinary() string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if info, err := os.Stat("/usr/sbin/nginx"); err == nil && info.Mode()&0o111 != 0 {
		return "/usr/sbin/nginx"
	}
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startNginx serves conf (the file from testdata, as the static check reads
// it) on a free loopback port: only the listen port, the document root and
// the temporary paths differ from the file. It returns the base URL.
func startNginx(t *testing.T, bin, conf, root string) string {
	t.Helper()
	dir := t.TempDir()
	port := freePort(t)
	runtime := strings.Replace(conf, "listen 8080;", fmt.Sprintf("listen 127.0.0.1:%d;", port), 1)
	runtime = strings.Replace(runtime, "root html;", fmt.Sprintf("root %s;", root), 1)
	var temp strings.Builder
	for _, kind := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&temp, "    %s_temp_path %s;\n", kind, filepath.Join(dir, kind))
	}
	runtime = strings.Replace(runtime, "http {\n", "http {\n"+temp.String(), 1)
	if os.Geteuid() == 0 {
		// Workers would run as nobody, who may not read the checkout.
		runtime = "user root;\n" + runtime
	}
	confFile := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confFile, []byte(runtime), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confFile, "-e", "stderr",
		"-g", fmt.Sprintf("daemon off; master_process off; pid %s;", filepath.Join(dir, "nginx.pid")))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if err := <-exited; err == nil {
			t.Log("nginx exited cleanly before it was killed")
		}
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("nginx exited: %v\n%s", err, stderr.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			_ = c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on %s:\n%s", addr, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestNginxStaticAndLiveVerdictsAgree serves each testdata configuration
// with the real nginx and asks both enforcement points of the header
// policy: `relguard check` reading the configuration (nginx.headers) and
// `relguard verify` reading the responses (headers.*). For every location
// they must agree on the headers the runbook requires (a CSP and framing
// protection): both pass, or both fail the same location.
func TestNginxStaticAndLiveVerdictsAgree(t *testing.T) {
	bin := nginxBinary()
	if bin == "" {
		const why = "nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)"
		fmt.Fprintf(os.Stderr, "SKIP %s: %s\n", t.Name(), why)
		t.Skip(why)
	}
	dir := absPath(t, filepath.Join(verifyTestdata, "nginx"))
	root := filepath.Join(dir, "html")
	verifyConfig, err := os.ReadFile(filepath.Join(dir, "relguard.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Each page and the location that serves it.
	pages := map[string]string{"/": "location /", "/assets/app.js": "location /assets/"}
	tests := []struct {
		conf       string
		wantFailed []string // locations both verdicts must fail
	}{
		{"headers-everywhere.conf", nil},
		{"location-drops-headers.conf", []string{"location /"}},
	}
	for _, tt := range tests {
		t.Run(tt.conf, func(t *testing.T) {
			conf, err := os.ReadFile(filepath.Join(dir, tt.conf))
			if err != nil {
				t.Fatal(err)
			}
			// The repository as it would be released: the configuration at
			// web/nginx.conf (found with zero configuration) and relguard.yaml.
			g := gittest.New(t)
			g.Write("web/nginx.conf", string(conf))
			g.Write("relguard.yaml", string(verifyConfig))
			g.Write("CHANGELOG.md", changelog050)
			g.Commit("release 0.5.0")

			static := checkJSON(t, "0.5.0", "--repo", g.Dir)
			staticFailed := map[string]bool{}
			staticPassed := false
			for _, r := range static.results("nginx.headers") {
				switch r.Status {
				case guard.Fail:
					for _, label := range pages {
						if strings.Contains(r.Message, label+" does not send") {
							staticFailed[label] = true
						}
					}
				case guard.Pass:
					staticPassed = true
				}
			}

			url := startNginx(t, bin, string(conf), root)
			live := runVerifyIn(t, g.Dir, url, "--version", "0.5.0", "--format", "json")
			if live.code == 2 {
				t.Fatalf("verify: %s", live.stderr)
			}
			liveFailed := map[string]bool{}
			for _, r := range live.report.Checks {
				if (r.ID == "headers.csp" || r.ID == "headers.frame-options") && r.Status == guard.Fail {
					liveFailed[pages[strings.TrimPrefix(r.URL, url)]] = true
				}
			}

			want := map[string]bool{}
			for _, l := range tt.wantFailed {
				want[l] = true
			}
			for _, label := range pages {
				if staticFailed[label] != want[label] || liveFailed[label] != want[label] {
					t.Errorf("%s: static nginx.headers failed=%v, live headers.* failed=%v, want both %v\nstatic:\n%s\nlive:\n%s",
						label, staticFailed[label], liveFailed[label], want[label], dumpResults(static.results("nginx.headers")), live.stdout)
				}
			}
			if len(tt.wantFailed) == 0 {
				if !staticPassed || live.code != 0 {
					t.Errorf("a configuration sending the headers everywhere: static passed=%v, verify exit %d\n%s", staticPassed, live.code, live.stdout)
				}
				// The single-page application answers 200 for /.env with its
				// index page; that is not an exposure.
				live.result(t, "routes.dev", guard.Pass, "/.env 200 with text/html, not a dotenv file")
			} else if live.code != 1 {
				t.Errorf("verify exit %d, want 1", live.code)
			}
		})
	}
}

func dumpResults(rs []guard.Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %s %s:%d %s\n", r.Status, r.File, r.Line, r.Message)
	}
	return b.String()
}
