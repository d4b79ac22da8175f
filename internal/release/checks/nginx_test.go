package checks

import (
	"path"
	"testing"

	"github.com/relguard/relguard/internal/release/guard"
)

const secureHeaders = `add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'self'" always;
`

func TestNginxZeroConfigUpstreamAndRedirects(t *testing.T) {
	tests := []struct {
		name string
		conf string
		want []want
	}{
		{"reverse proxy in front of an app: warn once, at the server",
			"server {\n  listen 80;\n  location / {\n    proxy_pass http://app:8000;\n    if ($request_method = OPTIONS) { return 204; }\n  }\n  location /grpc { grpc_pass grpc://api:9000; }\n}\n",
			[]want{{guard.Warn, "web/nginx.conf", 1, "web/nginx.conf:1: server only passes requests upstream (its locations) and sends none of X-Frame-Options, Content-Security-Policy; the upstream may send them; `relguard verify` can confirm it live"}}},
		{"fastcgi and uwsgi locations warn once per server, which also serves files",
			"server {\n  root /srv;\n  location ~ \\.php$ { fastcgi_pass php:9000; }\n  location /py { uwsgi_pass py:3031; }\n}\n",
			[]want{
				{guard.Fail, "web/nginx.conf", 1, "server does not send X-Frame-Options"},
				{guard.Fail, "web/nginx.conf", 1, "server does not send Content-Security-Policy"},
				{guard.Warn, "web/nginx.conf", 3, "web/nginx.conf:3: 2 locations only pass requests upstream and send none of X-Frame-Options, Content-Security-Policy: location ~ \\.php$ (web/nginx.conf:3), location /py (web/nginx.conf:4); the upstream may send them"},
			}},
		{"a proxy location that sends some of the headers warns about the rest",
			"server {\n  location / {\n    add_header X-Frame-Options DENY always;\n    proxy_pass http://app;\n  }\n  location /b { proxy_pass http://b; }\n}\n",
			[]want{
				{guard.Warn, "web/nginx.conf", 1, "web/nginx.conf:1: server only passes requests upstream (its locations) and sends none of X-Frame-Options, Content-Security-Policy"},
				{guard.Warn, "web/nginx.conf", 2, "web/nginx.conf:2: location / only passes requests upstream (proxy_pass) and does not send Content-Security-Policy; the upstream may send them"},
			}},
		{"a location serving files fails as before",
			"server {\n  location / { try_files $uri /index.html; }\n}\n",
			[]want{
				{guard.Fail, "web/nginx.conf", 2, "web/nginx.conf:2: location / does not send X-Frame-Options"},
				{guard.Fail, "web/nginx.conf", 2, "web/nginx.conf:2: location / does not send Content-Security-Policy"},
			}},
		{"without a catch-all location the server serves nginx's own pages",
			"server {\n  location /api { proxy_pass http://api; }\n}\n",
			[]want{
				{guard.Fail, "web/nginx.conf", 1, "web/nginx.conf:1: server does not send X-Frame-Options"},
				{guard.Fail, "web/nginx.conf", 1, "web/nginx.conf:1: server does not send Content-Security-Policy"},
				{guard.Warn, "web/nginx.conf", 2, "location /api only passes requests upstream (proxy_pass)"},
			}},
		{"return with a body serves content",
			"server {\n  " + secureHeaders + "  location /ping { add_header Cache-Control no-store; return 200 \"pong\"; }\n  location / { proxy_pass http://app; }\n}\n",
			[]want{
				{guard.Fail, "web/nginx.conf", 4, "location /ping does not send X-Frame-Options (its own add_header drops the inherited ones)"},
				{guard.Fail, "web/nginx.conf", 4, "location /ping does not send Content-Security-Policy (its own"},
			}},
		{"a redirect-only server is not judged",
			"server {\n  listen 80;\n  return 301 https://$host$request_uri;\n  location / { root /srv; }\n}\nserver {\n  listen 443 ssl;\n  " + secureHeaders + "  location / { root /srv; }\n}\n",
			[]want{{guard.Pass, "web/nginx.conf", 0, "web/nginx.conf: the 1 block(s) that serve pages send X-Frame-Options, Content-Security-Policy (not judged: 2 only redirect; 1 server(s) answer only through their locations)"}}},
		{"proxies and redirects beside a page server",
			"server {\n  " + secureHeaders + "  location / { root /srv; }\n}\nserver {\n  server_name api;\n  location / { proxy_pass http://api; }\n}\n",
			[]want{
				{guard.Warn, "web/nginx.conf", 6, "server api only passes requests upstream"},
				{guard.Pass, "web/nginx.conf", 0, "the 1 block(s) that serve pages send X-Frame-Options, Content-Security-Policy (not judged: 2 only pass requests upstream; 1 server(s) answer only through their locations)"},
			}},
		{"nothing but redirects",
			"server {\n  return 308 https://example.com$request_uri;\n}\n",
			[]want{{guard.Skip, "web/nginx.conf", 0, "web/nginx.conf: no block serves pages itself (1 only redirect), so none needs the headers"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := contentCtx(t, "0.5.0", nil, repoFiles{"web/nginx.conf": tt.conf})
			expect(t, nginxHeaders(ctx), "nginx.headers", tt.want...)
		})
	}
}

func TestNginxNamedFilesKeepTheStrictRule(t *testing.T) {
	files := repoFiles{
		"web/nginx.conf": "server {\n  location / { proxy_pass http://app; }\n}\nserver {\n  return 301 https://$host$request_uri;\n}\n",
	}
	cfg := mustConfig(t, "nginx: [{file: web/nginx.conf}]\n")
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", cfg, files)), "nginx.headers",
		want{guard.Fail, "web/nginx.conf", 1, "web/nginx.conf:1: server does not send X-Frame-Options"},
		want{guard.Fail, "web/nginx.conf", 1, "server does not send Content-Security-Policy"},
		want{guard.Fail, "web/nginx.conf", 2, "location / does not send X-Frame-Options"},
		want{guard.Fail, "web/nginx.conf", 2, "location / does not send Content-Security-Policy"},
		want{guard.Fail, "web/nginx.conf", 4, "server does not send X-Frame-Options"},
		want{guard.Fail, "web/nginx.conf", 4, "server does not send Content-Security-Policy"},
	)
}

func TestNginxDiscoverySkipsFixturesAndDependencies(t *testing.T) {
	files := repoFiles{
		"web/nginx.conf":                       "server {\n  " + secureHeaders + "}\n",
		"testdata/nginx.conf":                  "server { }\n",
		"internal/verify/testdata/nginx.conf":  "server { }\n",
		"vendor/github.com/x/nginx.conf":       "server { }\n",
		"web/node_modules/pkg/nginx.conf":      "server { }\n",
		"third_party/proxy/nginx.conf":         "server { }\n",
		"web/nginx.conf.example":               "server { }\n",
		"deploy/sites-available/app.conf":      "server { }\n",
		"_integration-test/nginx/nginx.conf":   "server { }\n",
		"tests/integration-tests/nginx.conf":   "server { }\n",
		"examples/reverse-proxy/nginx.conf":    "server { }\n",
		"services/gateway/nginx/nginx.conf":    "server {\n  " + secureHeaders + "}\n",
		"services/gateway/nginx/snippets.conf": "server { }\n",
	}
	var paths []string
	for f := range files {
		paths = append(paths, f)
	}
	got := map[string]bool{}
	for _, e := range discoverNginx(paths) {
		got[e.File] = true
	}
	for _, f := range paths {
		// Discovery takes nginx.conf files and delegates what counts as a
		// fixture or a dependency to the guard's shared exclusions.
		want := f == "web/nginx.conf" || f == "services/gateway/nginx/nginx.conf" ||
			(path.Base(f) == "nginx.conf" && !excluded(f))
		if got[f] != want {
			t.Errorf("discovered %s = %v, want %v", f, got[f], want)
		}
	}
	for _, f := range []string{"testdata/nginx.conf", "internal/verify/testdata/nginx.conf", "vendor/github.com/x/nginx.conf", "web/node_modules/pkg/nginx.conf", "third_party/proxy/nginx.conf"} {
		if got[f] {
			t.Errorf("%s was discovered", f)
		}
	}
}

func TestNginxHeaderPolicyValues(t *testing.T) {
	tests := []struct {
		name   string
		config string // relguard.yaml; "" for zero-config
		conf   string
		want   []want
	}{
		{"unsafe-inline scripts warn once, where the header is written",
			"",
			"http {\n  add_header X-Frame-Options DENY always;\n  add_header Content-Security-Policy \"default-src 'self'; script-src 'self' 'unsafe-inline'\" always;\n  server {\n    location / { root /srv; }\n    location /a { root /srv; }\n  }\n}\n",
			[]want{
				{guard.Warn, "web/nginx.conf", 3, "web/nginx.conf:3: Content-Security-Policy allows inline scripts (script-src 'unsafe-inline' without a nonce or hash)"},
				{guard.Pass, "web/nginx.conf", 0, "the 2 block(s) that serve pages send X-Frame-Options, Content-Security-Policy (not judged: 1 server(s) answer only through their locations)"},
			}},
		{"a per-request nonce makes unsafe-inline harmless",
			"",
			"server {\n  add_header X-Frame-Options DENY always;\n  add_header Content-Security-Policy \"script-src 'self' 'unsafe-inline' 'nonce-$request_id'\" always;\n}\n",
			[]want{{guard.Pass, "web/nginx.conf", 0, "all 1 server/location block(s)"}}},
		{"a policy held in a variable is not judged",
			"",
			"server {\n  add_header Content-Security-Policy $csp always;\n}\n",
			[]want{{guard.Pass, "web/nginx.conf", 0, "all 1 server/location block(s)"}}},
		{"frame-ancestors stands in for X-Frame-Options",
			"",
			"server {\n  add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" always;\n}\n",
			[]want{{guard.Pass, "web/nginx.conf", 0, "all 1 server/location block(s)"}}},
		{"a CSP without frame-ancestors does not",
			"",
			"server {\n  add_header Content-Security-Policy \"default-src 'self'\" always;\n}\n",
			[]want{{guard.Fail, "web/nginx.conf", 1, "web/nginx.conf:1: server does not send X-Frame-Options"}}},
		{"values browsers ignore or that leak warn; headers the runbook never asked for are not required",
			"",
			"server {\n  add_header X-Frame-Options \"ALLOW-FROM https://partner.example\" always;\n  add_header Content-Security-Policy \"default-src *\" always;\n  add_header Strict-Transport-Security \"max-age=300\" always;\n  add_header Referrer-Policy unsafe-url always;\n  add_header X-Content-Type-Options sniff always;\n}\n",
			[]want{
				{guard.Warn, "web/nginx.conf", 3, "web/nginx.conf:3: Content-Security-Policy allows scripts from any host (default-src *)"},
				{guard.Warn, "web/nginx.conf", 2, "X-Frame-Options \"ALLOW-FROM https://partner.example\" is neither DENY nor SAMEORIGIN"},
				{guard.Warn, "web/nginx.conf", 6, "X-Content-Type-Options is \"sniff\", not nosniff"},
				{guard.Warn, "web/nginx.conf", 5, "Referrer-Policy unsafe-url sends full URLs"},
				{guard.Warn, "web/nginx.conf", 4, "Strict-Transport-Security max-age=300 is under 15552000 seconds"},
				{guard.Pass, "web/nginx.conf", 0, "all 1 server/location block(s)"},
			}},
		{"configured headers keep strict presence: frame-ancestors is not X-Frame-Options",
			"nginx: [{file: web/nginx.conf, headers: [X-Frame-Options, X-Content-Type-Options]}]\n",
			"server {\n  add_header Content-Security-Policy \"frame-ancestors 'none'\" always;\n  add_header X-Content-Type-Options nosniff always;\n}\n",
			[]want{
				{guard.Fail, "web/nginx.conf", 1, "web/nginx.conf:1: server does not send X-Frame-Options"},
				{guard.Warn, "web/nginx.conf", 2, "Content-Security-Policy has neither default-src nor script-src"},
			}},
		{"configured headers are judged by the policy too",
			"nginx: [{file: web/nginx.conf, headers: [Strict-Transport-Security]}]\n",
			"server {\n  add_header Strict-Transport-Security max-age=86400 always;\n}\n",
			[]want{
				{guard.Warn, "web/nginx.conf", 2, "max-age=86400 is under 15552000 seconds"},
				{guard.Pass, "web/nginx.conf", 0, "all 1 server/location block(s) send Strict-Transport-Security"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustConfig(t, tt.config)
			expect(t, nginxHeaders(contentCtx(t, "0.5.0", cfg, repoFiles{"web/nginx.conf": tt.conf})), "nginx.headers", tt.want...)
		})
	}
}

func TestNginxRepeatedUnresolvedIncludeWarnsOnce(t *testing.T) {
	conf := "server {\n  include /opt/shared/headers.conf;\n  location / {\n    include /opt/shared/headers.conf;\n    add_header X-Frame-Options DENY always;\n    add_header Content-Security-Policy \"default-src 'self'\" always;\n  }\n  location /b {\n    include /opt/shared/headers.conf;\n  }\n}\n"
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", nil, repoFiles{"web/nginx.conf": conf})), "nginx.headers",
		want{guard.Warn, "web/nginx.conf", 2, "web/nginx.conf:2: include /opt/shared/headers.conf is an absolute path outside the repository (also at web/nginx.conf:4, web/nginx.conf:9); headers it adds are not checked"},
		want{guard.Fail, "web/nginx.conf", 8, "location /b does not send X-Frame-Options"},
		want{guard.Fail, "web/nginx.conf", 8, "location /b does not send Content-Security-Policy"},
	)
}
