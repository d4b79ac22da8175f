package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/guard"
)

// repoFiles is an in-memory work tree: path -> content.
type repoFiles map[string]string

func contentCtx(t *testing.T, version string, cfg *config.Config, files repoFiles) *guard.Context {
	t.Helper()
	v, err := semver.StrictNewVersion(version)
	if err != nil {
		t.Fatal(err)
	}
	if cfg == nil {
		cfg = config.Default()
	}
	return &guard.Context{
		Version: v,
		Tag:     cfg.TagPrefix + version,
		Config:  cfg,
		TrackedFiles: func() ([]string, error) {
			var out []string
			for k := range files {
				out = append(out, k)
			}
			sort.Strings(out)
			return out, nil
		},
		ReadFile: func(rel string) ([]byte, error) {
			s, ok := files[rel]
			if !ok {
				return nil, fmt.Errorf("%s does not exist: %w", rel, fs.ErrNotExist)
			}
			return []byte(s), nil
		},
	}
}

func mustConfig(t *testing.T, yaml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// expect asserts the results are exactly the given ones, in order, each
// matched by status, file, line and a message fragment.
type want struct {
	status guard.Status
	file   string
	line   int
	msg    string
}

func expect(t *testing.T, got []guard.Result, id string, wants ...want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d results, want %d:\n%s", len(got), len(wants), dump(got))
	}
	for i, w := range wants {
		g := got[i]
		if g.ID != id || g.Status != w.status || g.File != w.file || g.Line != w.line || !strings.Contains(g.Message, w.msg) {
			t.Errorf("result %d = %s\nwant %s %s %s:%d containing %q", i, dump(got[i:i+1]), id, w.status, w.file, w.line, w.msg)
		}
		if g.Status == guard.Fail || g.Status == guard.Warn {
			if g.Hint == "" {
				t.Errorf("result %d (%s) has no hint", i, g.Message)
			}
			if g.File != "" && !strings.Contains(g.Message, g.File) {
				t.Errorf("result %d message %q does not name its file %s", i, g.Message, g.File)
			}
		}
		if strings.Contains(g.Message, "\n") {
			t.Errorf("result %d message spans lines: %q", i, g.Message)
		}
	}
}

func dump(rs []guard.Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %s %s %s:%d %q hint=%q\n", r.ID, r.Status, r.File, r.Line, r.Message, r.Hint)
	}
	return b.String()
}

// runbookRepo is the runbook's monorepo, released as 0.5.0.
func runbookRepo() repoFiles {
	return repoFiles{
		"apps/web/package.json":                       "{\n  \"name\": \"web\",\n  \"version\": \"0.5.0\",\n  \"private\": true\n}\n",
		"apps/web/node_modules/left-pad/package.json": "{\"version\": \"1.3.0\"}",
		"services/api/pyproject.toml":                 "[project]\nname = \"api\"\nversion = \"0.5.0\"\n",
		"services/worker/pyproject.toml":              "[project]\nname = \"worker\"\ndynamic = [\"version\"]\n",
		"tools/pyproject.toml":                        "[tool.black]\nline-length = 100\n",
		"CHANGELOG.md":                                "# Changelog\n\n## [Unreleased]\n\n## [0.5.0] - 2025-01-27\n### Security\n- secure cookies\n\n## [0.4.64] - 2025-01-10\n- fixes\n",
		"docker-compose.prod.yml":                     "services:\n  web:\n    build: ./apps/web\n    image: applylens/web:0.5.0\n  api:\n    build: ./services/api\n    image: applylens/api:${API_TAG:-0.5.0}\n  db:\n    image: postgres:16.4\n",
		"docker-compose.yml":                          "services:\n  web:\n    build: .\n    image: applylens/web:dev\n",
		"web/nginx.conf":                              "http {\n  add_header X-Frame-Options DENY always;\n  add_header Content-Security-Policy \"default-src 'self'\" always;\n  server {\n    location / { }\n  }\n}\n",
	}
}

func TestZeroConfigRunbookShapePasses(t *testing.T) {
	ctx := contentCtx(t, "0.5.0", nil, runbookRepo())
	expect(t, versionFiles(ctx), "version.files", want{guard.Pass, "", 0, "2 version files hold 0.5.0 (skipped: services/worker/pyproject.toml declares a dynamic version; tools/pyproject.toml declares no version)"})
	expect(t, changelogEntry(ctx), "changelog.entry", want{guard.Pass, "CHANGELOG.md", 5, "CHANGELOG.md has a section for 0.5.0"})
	expect(t, imageTags(ctx), "image.tags", want{guard.Pass, "", 0, "2 own image(s) tagged 0.5.0 in docker-compose.prod.yml"})
	expect(t, imageLatest(ctx), "image.latest", want{guard.Pass, "", 0, "1 third-party image(s) pinned"})
	expect(t, envRequire(ctx), "env.require", want{guard.Skip, "", 0, "no env files configured (add env: to relguard.yaml)"})
	expect(t, nginxHeaders(ctx), "nginx.headers", want{guard.Pass, "web/nginx.conf", 0, "send X-Frame-Options, Content-Security-Policy"})
}

func TestVersionFilesMismatch(t *testing.T) {
	files := runbookRepo()
	files["apps/web/package.json"] = "{\n  \"name\": \"web\",\n  \"version\": \"0.4.64\"\n}\n"
	files["services/api/pyproject.toml"] = "[project]\nname = \"api\"\nversion = \"0.5.00\"\n"
	files["VERSION"] = "v0.5.0\n"
	files["deploy/chart/Chart.yaml"] = "apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: 0.0.0\n"
	got := versionFiles(contentCtx(t, "0.5.0", nil, files))
	expect(t, got, "version.files",
		want{guard.Fail, "apps/web/package.json", 3, "apps/web/package.json has version 0.4.64, want 0.5.0"},
		want{guard.Fail, "services/api/pyproject.toml", 3, "services/api/pyproject.toml has version 0.5.00, want 0.5.0"},
	)
	if h := got[0].Hint; h != `set "version": "0.5.0" in apps/web/package.json` {
		t.Errorf("hint = %q", h)
	}
}

func TestVersionFilesMalformed(t *testing.T) {
	for name, tc := range map[string]struct {
		file, data string
		line       int
		msg        string
	}{
		"json":   {"apps/web/package.json", "{\n  \"version\": \"0.5.0\",\n}\n", 3, "apps/web/package.json:3: cannot read the version: invalid JSON"},
		"toml":   {"services/api/pyproject.toml", "[project\nversion = \"0.5.0\"\n", 2, "services/api/pyproject.toml:2: cannot read the version: invalid TOML"},
		"yaml":   {"Chart.yaml", "appVersion: [\n", 1, "Chart.yaml:1: cannot read the version: invalid YAML"},
		"binary": {"VERSION", "\x7fELF\x00\x00", 0, "VERSION: cannot read the version: binary data"},
	} {
		t.Run(name, func(t *testing.T) {
			files := repoFiles{tc.file: tc.data}
			expect(t, versionFiles(contentCtx(t, "0.5.0", nil, files)), "version.files", want{guard.Fail, tc.file, tc.line, tc.msg})
		})
	}
}

func TestVersionFilesConfigured(t *testing.T) {
	cfg := mustConfig(t, `version_files:
  - apps/web/package.json
  - {path: deploy/app.json, key: meta.release}
  - {path: src/version.go, regex: 'const Version = "([^"]+)"'}
  - {path: src/multi.go, regex: '\d+\.\d+\.\d+'}
  - services/missing/pyproject.toml
  - services/worker/pyproject.toml
`)
	files := runbookRepo()
	files["deploy/app.json"] = "{\"meta\": {\"release\": \"v0.5.0\"}}"
	files["src/version.go"] = "package src\n\nconst Version = \"0.5.0\"\n"
	files["src/multi.go"] = "// 0.5.0 and 0.4.0\n"
	got := versionFiles(contentCtx(t, "0.5.0", cfg, files))
	expect(t, got, "version.files",
		want{guard.Fail, "src/multi.go", 0, "must match exactly once, matched 2 times"},
		want{guard.Fail, "services/missing/pyproject.toml", 0, "services/missing/pyproject.toml does not exist"},
		want{guard.Fail, "services/worker/pyproject.toml", 3, "services/worker/pyproject.toml declares a dynamic version, want 0.5.0"},
	)
	if !strings.Contains(got[1].Hint, "version_files") {
		t.Errorf("missing-file hint = %q", got[1].Hint)
	}
	// Only what is configured is read: the mismatching discovered file is ignored.
	cfg = mustConfig(t, "version_files: [{path: deploy/app.json, key: meta.release}]\n")
	files["apps/web/package.json"] = `{"version": "0.1.0"}`
	expect(t, versionFiles(contentCtx(t, "0.5.0", cfg, files)), "version.files", want{guard.Pass, "", 0, "1 version file holds 0.5.0"})
}

func TestVersionFilesCargoWorkspace(t *testing.T) {
	files := repoFiles{
		"Cargo.toml":          "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.0\"\n",
		"crates/a/Cargo.toml": "[package]\nname = \"a\"\nversion.workspace = true\n",
		"crates/b/Cargo.toml": "[package]\nname = \"b\"\nversion = \"0.5.0\"\n",
	}
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, files)), "version.files",
		want{guard.Fail, "Cargo.toml", 5, "Cargo.toml has version 0.4.0, want 0.5.0"})
	files["Cargo.toml"] = strings.Replace(files["Cargo.toml"], "0.4.0", "0.5.0", 1)
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, files)), "version.files", want{guard.Pass, "", 0, "3 version files hold 0.5.0"})
	delete(files, "Cargo.toml")
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, files)), "version.files",
		want{guard.Fail, "crates/a/Cargo.toml", 3, "no workspace Cargo.toml above it"})
}

func TestVersionFilesNothingToCheck(t *testing.T) {
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, repoFiles{"README.md": "x"})), "version.files",
		want{guard.Skip, "", 0, "no version files found"})
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, repoFiles{"package.json": "{}", "vendor/x/VERSION": "1.0.0"})), "version.files",
		want{guard.Skip, "", 0, "no version file declares a version (skipped: package.json declares no version)"})
	ctx := contentCtx(t, "0.5.0", nil, nil)
	ctx.TrackedFiles = func() ([]string, error) { return nil, errors.New("index is corrupt") }
	expect(t, versionFiles(ctx), "version.files", want{guard.Fail, "", 0, "cannot list the repository's files: index is corrupt"})
}

func TestChangelogEntry(t *testing.T) {
	tests := []struct {
		name, doc string
		want      want
	}{
		{"missing section", "# Changelog\n\n## [0.4.64] - 2025-01-10\n- x\n", want{guard.Fail, "CHANGELOG.md", 3, "CHANGELOG.md has no section for 0.5.0"}},
		{"only the rc", "## [0.5.0-rc.1]\n- x\n", want{guard.Fail, "CHANGELOG.md", 1, "has no section for 0.5.0"}},
		{"in a code block", "# Changelog\n```\n## 0.5.0\n- x\n```\n", want{guard.Fail, "CHANGELOG.md", 1, "has no section for 0.5.0"}},
		{"empty", "## [0.5.0] - 2025-01-27\n### Added\n\n## [0.4.64]\n- x\n", want{guard.Fail, "CHANGELOG.md", 1, "CHANGELOG.md:1: the section for 0.5.0 is empty"}},
		{"unreleased marker", "\ufeff## 0.5.0 (Unreleased)\r\n- x\r\n", want{guard.Warn, "CHANGELOG.md", 1, "still marked Unreleased"}},
		{"setext", "Changelog\n=========\n\nv0.5.0\n------\n- x\n", want{guard.Pass, "CHANGELOG.md", 4, "CHANGELOG.md has a section for 0.5.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, changelogEntry(contentCtx(t, "0.5.0", nil, repoFiles{"CHANGELOG.md": tt.doc})), "changelog.entry", tt.want)
		})
	}
	expect(t, changelogEntry(contentCtx(t, "0.5.0", nil, repoFiles{})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 0, "CHANGELOG.md does not exist"})
	expect(t, changelogEntry(contentCtx(t, "0.5.0", mustConfig(t, "changelog: docs/CHANGES.md\n"), repoFiles{"CHANGELOG.md": "## 0.5.0\n- x\n"})), "changelog.entry",
		want{guard.Fail, "docs/CHANGES.md", 0, "docs/CHANGES.md does not exist"})
	expect(t, changelogEntry(contentCtx(t, "0.5.0", nil, repoFiles{"CHANGELOG.md": "\x00\x01"})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 0, "binary data"})
}

func TestChangelogEntryMonorepoPrefix(t *testing.T) {
	cfg := mustConfig(t, "tag_prefix: api/v\n")
	doc := "## web@0.5.0\n- web\n\n## api/v0.5.0\n\n## 0.4.0\n- x\n"
	expect(t, changelogEntry(contentCtx(t, "0.5.0", cfg, repoFiles{"CHANGELOG.md": doc})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 4, "is empty"})
	doc = "## web@0.5.0\n- web\n"
	expect(t, changelogEntry(contentCtx(t, "0.5.0", cfg, repoFiles{"CHANGELOG.md": doc})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 1, "has no section for 0.5.0"})
	for prefix, comp := range map[string]string{"v": "", "": "", "api/v": "api", "api@": "api", "services/api/v": "services/api", "release-": "release"} {
		if got := Component(prefix); got != comp {
			t.Errorf("Component(%q) = %q, want %q", prefix, got, comp)
		}
	}
}

func TestImageTags(t *testing.T) {
	compose := `services:
  web:
    build: ./apps/web
    image: applylens/web
  api:
    build: ./services/api
    image: applylens/api:${API_TAG:-latest}
  worker:
    build: .
    image: registry.local:5000/applylens/worker:0.4.64
  jobs:
    build: .
    image: applylens/jobs:${JOBS_TAG}
  cron:
    build: .
    image: applylens/cron@sha256:` + strings.Repeat("a", 64) + `
  ok:
    build: .
    image: registry.local:5000/applylens/ok:v0.5.0
  proxy:
    image: nginx
  cache:
    image: redis:latest
  search:
    image: getmeili/meilisearch:${MEILI:?set it}
  listed:
    image: applylens/listed:0.1.0
`
	cfg := mustConfig(t, "images:\n  own: [applylens/listed]\n")
	ctx := contentCtx(t, "0.5.0", cfg, repoFiles{"deploy/docker-compose.prod.yaml": compose})
	f := "deploy/docker-compose.prod.yaml"
	got := imageTags(ctx)
	expect(t, got, "image.tags",
		want{guard.Fail, f, 4, "service web image applylens/web is untagged, which means latest, want 0.5.0"},
		want{guard.Fail, f, 7, "service api image applylens/api:${API_TAG:-latest} is tagged latest through the default of ${API_TAG}"},
		want{guard.Fail, f, 10, "is tagged 0.4.64, want 0.5.0"},
		want{guard.Fail, f, 13, "takes its tag from ${JOBS_TAG}, which has no default"},
		want{guard.Fail, f, 16, "is pinned by digest only"},
		want{guard.Fail, f, 27, "service listed image applylens/listed:0.1.0 is tagged 0.1.0"},
	)
	if h := got[2].Hint; h != "tag the image registry.local:5000/applylens/worker:0.5.0 at "+f+":10" {
		t.Errorf("hint = %q", h)
	}
	if h := got[1].Hint; !strings.Contains(h, "${TAG:-0.5.0}") {
		t.Errorf("interpolation hint = %q", h)
	}
	expect(t, imageLatest(ctx), "image.latest",
		want{guard.Warn, f, 21, "service proxy image nginx is untagged"},
		want{guard.Warn, f, 23, "service cache image redis:latest is tagged latest"},
		want{guard.Warn, f, 25, "takes its tag from ${MEILI}, which has no default"},
	)
}

func TestImageFileSelection(t *testing.T) {
	// Only compose files with prod in the name are read by default.
	files := repoFiles{"docker-compose.yml": "services:\n  web:\n    build: .\n    image: web:dev\n"}
	expect(t, imageTags(contentCtx(t, "0.5.0", nil, files)), "image.tags", want{guard.Skip, "", 0, "no compose files found"})
	expect(t, imageLatest(contentCtx(t, "0.5.0", nil, files)), "image.latest", want{guard.Skip, "", 0, "no compose files found"})
	// A configured file is read whatever its name, and must exist.
	cfg := mustConfig(t, "images:\n  compose: [docker-compose.yml, compose.missing.yml]\n")
	expect(t, imageTags(contentCtx(t, "0.5.0", cfg, files)), "image.tags",
		want{guard.Fail, "compose.missing.yml", 0, "compose.missing.yml does not exist"},
		want{guard.Fail, "docker-compose.yml", 4, "is tagged dev, want 0.5.0"},
	)
	// Malformed YAML fails with the parser's line.
	files = repoFiles{"compose.prod.yml": "services:\n  web:\n    image: [\n"}
	expect(t, imageTags(contentCtx(t, "0.5.0", nil, files)), "image.tags",
		want{guard.Fail, "compose.prod.yml", 3, "compose.prod.yml:3: invalid YAML"})
	// Build without image: nothing to check.
	files = repoFiles{"compose.prod.yml": "services:\n  web:\n    build: .\n"}
	expect(t, imageTags(contentCtx(t, "0.5.0", nil, files)), "image.tags", want{guard.Skip, "", 0, "no own images"})
}

func TestImageKubernetesAndHelm(t *testing.T) {
	cfg := mustConfig(t, `images:
  own: [ghcr.io/acme/api]
  kubernetes: ["deploy/**/*.yaml"]
  helm_values: [charts/app/values.yaml]
`)
	files := repoFiles{
		"deploy/base/api.yaml":   "kind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: migrate\n          image: ghcr.io/acme/api:0.5.0\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:0.4.0\n        - name: sidecar\n          image: envoyproxy/envoy\n---\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: ghcr.io/acme/api\n",
		"charts/app/values.yaml": "image:\n  repository: ghcr.io/acme/web\n  tag: \"\"\nworker:\n  image:\n    repository: ghcr.io/acme/api\n    tag: 0.4.0\nredis:\n  image:\n    repository: bitnami/redis\n    tag: latest\n",
	}
	ctx := contentCtx(t, "0.5.0", cfg, files)
	expect(t, imageTags(ctx), "image.tags",
		want{guard.Fail, "deploy/base/api.yaml", 11, "Deployment/api container api image ghcr.io/acme/api:0.4.0 is tagged 0.4.0"},
		want{guard.Fail, "deploy/base/api.yaml", 24, "CronJob/nightly container job image ghcr.io/acme/api is untagged"},
		want{guard.Fail, "charts/app/values.yaml", 7, "values worker.image image ghcr.io/acme/api:0.4.0 is tagged 0.4.0"},
	)
	expect(t, imageLatest(ctx), "image.latest",
		want{guard.Warn, "deploy/base/api.yaml", 13, "envoyproxy/envoy is untagged"},
		want{guard.Warn, "charts/app/values.yaml", 11, "bitnami/redis:latest is tagged latest"},
	)
	cfg.Images.Kubernetes = []string{"k8s/*.yaml"}
	got := imageTags(contentCtx(t, "0.5.0", cfg, files))
	if got[0].Status != guard.Fail || !strings.Contains(got[0].Message, `images.kubernetes pattern "k8s/*.yaml" matches no tracked file`) {
		t.Errorf("unmatched glob: %s", dump(got))
	}
}

func TestEnvRequire(t *testing.T) {
	cfg := mustConfig(t, `env:
  - file: docker/.env.prod
    require: {COOKIE_SECURE: 1, COOKIE_SAMESITE: Lax, APP_ENV: production}
  - file: docker/.env.missing
    require: {A: b}
`)
	files := repoFiles{"docker/.env.prod": "# prod\nexport COOKIE_SAMESITE='Lax'\nCOOKIE_SECURE=1\nCOOKIE_SECURE=0 # debugging\n"}
	expect(t, envRequire(contentCtx(t, "0.5.0", cfg, files)), "env.require",
		want{guard.Warn, "docker/.env.prod", 3, "docker/.env.prod:3 sets COOKIE_SECURE again at line 4; the last value wins"},
		want{guard.Fail, "docker/.env.prod", 0, "docker/.env.prod does not set APP_ENV (want production)"},
		want{guard.Fail, "docker/.env.prod", 4, "docker/.env.prod:4 sets COOKIE_SECURE=0, want 1"},
		want{guard.Fail, "docker/.env.missing", 0, "docker/.env.missing does not exist"},
	)
	files["docker/.env.prod"] = "COOKIE_SECURE=1\nCOOKIE_SAMESITE=\"Lax\"\nAPP_ENV=production\n"
	files["docker/.env.missing"] = "A=b\n"
	expect(t, envRequire(contentCtx(t, "0.5.0", cfg, files)), "env.require",
		want{guard.Pass, "docker/.env.prod", 0, "docker/.env.prod sets the 3 required value(s)"},
		want{guard.Pass, "docker/.env.missing", 0, "sets the 1 required value(s)"},
	)
	files["docker/.env.prod"] = "COOKIE_SECURE=1\nthis is not dotenv\n"
	expect(t, envRequire(contentCtx(t, "0.5.0", mustConfig(t, "env: [{file: docker/.env.prod, require: {COOKIE_SECURE: 1}}]\n"), files)), "env.require",
		want{guard.Fail, "docker/.env.prod", 2, "docker/.env.prod:2: \"this is not dotenv\" is not a KEY=value assignment"})
}

func TestNginxHeaders(t *testing.T) {
	conf := `http {
    include snippets/*.conf;
    include /etc/nginx/extra/headers.conf;
    include /usr/share/nginx/modules/*.conf;
    include mime.types;
    server {
        server_name app;
        location / { }
        location /api {
            add_header X-Request-Id $request_id;
        }
    }
}
`
	files := repoFiles{
		"web/nginx.conf":          conf,
		"web/snippets/csp.conf":   "add_header Content-Security-Policy \"default-src 'self'\" always;\n",
		"web/extra/headers.conf":  "add_header X-Frame-Options DENY;\n",
		"web/unrelated/other.txt": "",
	}
	cfg := mustConfig(t, "nginx:\n  - file: web/nginx.conf\n")
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", cfg, files)), "nginx.headers",
		want{guard.Warn, "web/nginx.conf", 4, "include /usr/share/nginx/modules/*.conf is an absolute path outside the repository; headers it adds are not checked"},
		want{guard.Warn, "web/extra/headers.conf", 1, "add_header X-Frame-Options has no always"},
		want{guard.Fail, "web/nginx.conf", 9, "web/nginx.conf:9: location /api does not send X-Frame-Options (its own add_header drops the inherited ones)"},
		want{guard.Fail, "web/nginx.conf", 9, "location /api does not send Content-Security-Policy (its own"},
	)
	// Configured headers replace the defaults.
	cfg = mustConfig(t, "nginx:\n  - {file: web/nginx.conf, headers: [Strict-Transport-Security]}\n")
	files["web/nginx.conf"] = "server {\n  add_header strict-transport-security max-age=63072000 always;\n}\n"
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", cfg, files)), "nginx.headers",
		want{guard.Pass, "web/nginx.conf", 0, "all 1 server/location block(s) send Strict-Transport-Security"})
	// A server without any add_header at any level.
	files["web/nginx.conf"] = "server {\n  listen 80;\n}\n"
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", cfg, files)), "nginx.headers",
		want{guard.Fail, "web/nginx.conf", 1, "web/nginx.conf:1: server does not send Strict-Transport-Security"})
}

func TestNginxHeadersBadInput(t *testing.T) {
	cfg := mustConfig(t, "nginx: [{file: web/nginx.conf}]\n")
	tests := []struct {
		name  string
		files repoFiles
		want  want
	}{
		{"missing", repoFiles{}, want{guard.Fail, "web/nginx.conf", 0, "web/nginx.conf does not exist"}},
		{"syntax", repoFiles{"web/nginx.conf": "server {\n  listen 80\n}\n"}, want{guard.Fail, "web/nginx.conf", 3, "web/nginx.conf:3: unexpected \"}\": directive \"listen\" is missing its \";\""}},
		{"included syntax", repoFiles{"web/nginx.conf": "include inc.conf;\n", "web/inc.conf": "server {\n"}, want{guard.Fail, "web/inc.conf", 1, "web/inc.conf:1: \"server\" block is not closed"}},
		{"binary", repoFiles{"web/nginx.conf": "\x00\x01"}, want{guard.Fail, "web/nginx.conf", 1, "binary data"}},
		{"no servers", repoFiles{"web/nginx.conf": "user nginx;\n"}, want{guard.Warn, "web/nginx.conf", 0, "has no server blocks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, nginxHeaders(contentCtx(t, "0.5.0", cfg, tt.files)), "nginx.headers", tt.want)
		})
	}
	// Zero-config: nothing named nginx.conf.
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", nil, repoFiles{"vendor/nginx.conf": "server {}"})), "nginx.headers",
		want{guard.Skip, "", 0, "no nginx configuration found"})
}

func TestContentChecksNeverPanicOnGarbage(t *testing.T) {
	garbage := []string{"", "\x00", "\xff\xfe", "{", "[", "---\n- a\n", strings.Repeat("[", 10000), "a: &a [*a]\n"}
	cfg := mustConfig(t, `version_files: [a.json, b.toml, c.yaml, VERSION]
changelog: CHANGELOG.md
images: {compose: [compose.yml], helm_values: [values.yaml], kubernetes: ["*.k8s.yaml"]}
env: [{file: .env, require: {A: "1"}}]
nginx: [{file: nginx.conf}]
`)
	for _, g := range garbage {
		files := repoFiles{}
		for _, f := range []string{"a.json", "b.toml", "c.yaml", "VERSION", "CHANGELOG.md", "compose.yml", "values.yaml", "x.k8s.yaml", ".env", "nginx.conf"} {
			files[f] = g
		}
		ctx := contentCtx(t, "0.5.0", cfg, files)
		for _, check := range []func(*guard.Context) []guard.Result{versionFiles, changelogEntry, imageTags, imageLatest, envRequire, nginxHeaders} {
			for _, r := range check(ctx) {
				if r.Status == "" || r.Message == "" || strings.Contains(r.Message, "\n") {
					t.Errorf("input %q: malformed result %+v", g, r)
				}
			}
		}
	}
}

func TestRawTag(t *testing.T) {
	for raw, tag := range map[string]string{
		"app":                              "",
		"app:0.5.0":                        "0.5.0",
		"registry.local:5000/app":          "",
		"registry.local:5000/app:v1":       "v1",
		"app:${TAG:-latest}":               "${TAG:-latest}",
		"${REG:-r:5000}/app":               "",
		"${REG:-r:5000}/app:${T:-${V:-1}}": "${T:-${V:-1}}",
		"app:1@sha256:abc":                 "1",
		"app@sha256:abc":                   "",
		"${IMAGE}":                         "",
	} {
		if got := rawTag(raw); got != tag {
			t.Errorf("rawTag(%q) = %q, want %q", raw, got, tag)
		}
	}
}

func TestUnreadableFiles(t *testing.T) {
	cfg := mustConfig(t, "version_files: [setup.ini, big.json]\nenv: [{file: .env.prod, require: {A: b}}]\n")
	ctx := contentCtx(t, "0.5.0", cfg, repoFiles{"setup.ini": "version=0.5.0\n"})
	read := ctx.ReadFile
	ctx.ReadFile = func(rel string) ([]byte, error) {
		if rel == "big.json" || rel == ".env.prod" {
			return nil, fmt.Errorf("%s is 52428800 bytes, over the 10 MiB limit for release metadata", rel)
		}
		return read(rel)
	}
	got := versionFiles(ctx)
	expect(t, got, "version.files",
		want{guard.Fail, "setup.ini", 0, "setup.ini: cannot read the version: unknown file format"},
		want{guard.Fail, "big.json", 0, "big.json is 52428800 bytes, over the 10 MiB limit"},
	)
	if !strings.Contains(got[0].Hint, "regex:") {
		t.Errorf("unknown-format hint = %q", got[0].Hint)
	}
	expect(t, envRequire(ctx), "env.require", want{guard.Fail, ".env.prod", 0, ".env.prod is 52428800 bytes"})
}
