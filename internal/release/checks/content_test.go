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

// withRelease gives a fake context an earlier release: its tag, and the
// files as they were at that tag.
func withRelease(ctx *guard.Context, tag string, files repoFiles) *guard.Context {
	stub, _ := ctx.Git.(*gitFactsStub)
	if stub == nil {
		stub = &gitFactsStub{head: headHash, branch: "main", tags: map[string]gitTagStub{}, trees: map[string]map[string]string{}}
		ctx.Git = stub
	}
	commit := fmt.Sprintf("%040x", len(stub.tags)+10)
	stub.tags[tag] = gitTagStub{commit: commit, annotated: true}
	stub.trees[commit] = files
	return ctx
}

// runbookAt0464 is the runbook's monorepo as it was when v0.4.64 was tagged.
func runbookAt0464() repoFiles {
	files := runbookRepo()
	files["apps/web/package.json"] = "{\n  \"name\": \"web\",\n  \"version\": \"0.4.64\",\n  \"private\": true\n}\n"
	files["services/api/pyproject.toml"] = "[project]\nname = \"api\"\nversion = \"0.4.64\"\n"
	files["CHANGELOG.md"] = "# Changelog\n\n## [0.4.64] - 2025-01-10\n- fixes\n"
	files["docker-compose.prod.yml"] = strings.ReplaceAll(files["docker-compose.prod.yml"], "0.5.0", "0.4.64")
	return files
}

func runbookCtx(t *testing.T, files repoFiles) *guard.Context {
	return withRelease(contentCtx(t, "0.5.0", nil, files), "v0.4.64", runbookAt0464())
}

func TestZeroConfigRunbookShapePasses(t *testing.T) {
	ctx := runbookCtx(t, runbookRepo())
	expect(t, versionFiles(ctx), "version.files",
		want{guard.Pass, "apps/web/package.json", 3, "apps/web/package.json holds 0.5.0 (in lockstep: held 0.4.64 at v0.4.64)"},
		want{guard.Pass, "services/api/pyproject.toml", 3, "services/api/pyproject.toml holds 0.5.0 (in lockstep: held 0.4.64 at v0.4.64)"},
		want{guard.Skip, "", 0, "2 file(s) hold no version to bump: services/worker/pyproject.toml declares a dynamic version whose source relguard cannot tell; tools/pyproject.toml declares no version"},
	)
	expect(t, changelogEntry(ctx), "changelog.entry", want{guard.Pass, "CHANGELOG.md", 5, "CHANGELOG.md has a section for 0.5.0 (kept per release: it had the section for 0.4.64 at v0.4.64)"})
	expect(t, imageTags(ctx), "image.tags",
		want{guard.Pass, "", 0, "2 own image(s) tagged 0.5.0 in docker-compose.prod.yml"},
		want{guard.Warn, "docker-compose.yml", 4, "docker-compose.yml:4: service web image applylens/web:dev is tagged dev, want 0.5.0 (docker-compose.yml is not a deployment file, so this only warns)"},
	)
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
	then := runbookAt0464()
	then["VERSION"] = "v0.4.64\n"
	then["deploy/chart/Chart.yaml"] = "apiVersion: v2\nname: app\nversion: 0.9.0\nappVersion: 0.4.64\n"
	got := versionFiles(withRelease(contentCtx(t, "0.5.0", nil, files), "v0.4.64", then))
	expect(t, got, "version.files",
		want{guard.Fail, "apps/web/package.json", 3, "apps/web/package.json still has version 0.4.64 from v0.4.64, want 0.5.0: it was not bumped"},
		want{guard.Fail, "services/api/pyproject.toml", 3, "services/api/pyproject.toml has version 0.5.00, want 0.5.0 (it held 0.4.64 at v0.4.64)"},
		want{guard.Pass, "VERSION", 1, "VERSION holds 0.5.0 (in lockstep: held v0.4.64 at v0.4.64)"},
		want{guard.Skip, "deploy/chart/Chart.yaml", 3, "deploy/chart/Chart.yaml version left out: not in lockstep: held 0.9.0 at v0.4.64, not 0.4.64"},
		want{guard.Skip, "", 0, "3 file(s) hold no version to bump: deploy/chart/Chart.yaml declares the placeholder version 0.0.0;"},
	)
	if h := got[0].Hint; h != `set "version": "0.5.0" in apps/web/package.json` {
		t.Errorf("hint = %q", h)
	}
}

// TestVersionFilesLockstep is the history-anchored rule, one case per
// layout: what the files held at the previous release's tag decides
// which of them must hold the release's version.
func TestVersionFilesLockstep(t *testing.T) {
	tests := []struct {
		name      string
		then, now repoFiles
		wants     []want
	}{
		{
			"a web UI on its own 0.MINOR scheme is left out",
			repoFiles{"VERSION": "2.49.0\n", "web/ui/package.json": `{"version": "0.49.0"}`},
			repoFiles{"VERSION": "2.50.0\n", "web/ui/package.json": `{"version": "0.49.0"}`},
			[]want{{guard.Pass, "VERSION", 1, "VERSION holds 2.50.0"}, {guard.Skip, "web/ui/package.json", 1, "web/ui/package.json left out: not in lockstep: held 0.49.0 at v2.49.0, not 2.49.0"}},
		},
		{
			"the forgotten bump fails",
			repoFiles{"VERSION": "2.49.0\n", "web/ui/package.json": `{"version": "0.49.0"}`},
			repoFiles{"VERSION": "2.49.0\n", "web/ui/package.json": `{"version": "0.50.0"}`},
			[]want{{guard.Fail, "VERSION", 1, "VERSION still has version 2.49.0 from v2.49.0, want 2.50.0: it was not bumped"}, {guard.Skip, "web/ui/package.json", 1, "left out"}},
		},
		{
			"a chart repository releases the chart version, not appVersion",
			repoFiles{"traefik/Chart.yaml": "version: 2.49.0\nappVersion: v2.10.7\n"},
			repoFiles{"traefik/Chart.yaml": "version: 2.50.0\nappVersion: v2.11.0\n"},
			[]want{{guard.Pass, "traefik/Chart.yaml", 1, "traefik/Chart.yaml version holds 2.50.0"}, {guard.Skip, "traefik/Chart.yaml", 2, "traefik/Chart.yaml appVersion left out: not in lockstep: held v2.10.7 at v2.49.0"}},
		},
		{
			"a chart repository's forgotten bump names version",
			repoFiles{"traefik/Chart.yaml": "version: 2.49.0\nappVersion: v2.10.7\n"},
			repoFiles{"traefik/Chart.yaml": "version: 2.49.0\nappVersion: v2.11.0\n"},
			[]want{{guard.Fail, "traefik/Chart.yaml", 1, "traefik/Chart.yaml version still has version 2.49.0"}, {guard.Skip, "traefik/Chart.yaml", 2, "appVersion left out"}},
		},
		{
			"an app chart follows appVersion",
			repoFiles{"deploy/chart/Chart.yaml": "version: 1.4.0\nappVersion: 2.49.0\n"},
			repoFiles{"deploy/chart/Chart.yaml": "version: 1.4.0\nappVersion: 2.49.0\n"},
			[]want{{guard.Fail, "deploy/chart/Chart.yaml", 2, "deploy/chart/Chart.yaml appVersion still has version 2.49.0"}, {guard.Skip, "deploy/chart/Chart.yaml", 1, "deploy/chart/Chart.yaml version left out: not in lockstep: held 1.4.0"}},
		},
		{
			"poetry's table",
			repoFiles{"pyproject.toml": "[tool.poetry]\nversion = \"2.49.0\"\n"},
			repoFiles{"pyproject.toml": "[tool.poetry]\nversion = \"2.49.0\"\n"},
			[]want{{guard.Fail, "pyproject.toml", 2, "pyproject.toml tool.poetry.version still has version 2.49.0"}},
		},
		{
			"a Rust workspace version; members with their own versions are left out",
			repoFiles{"Cargo.toml": "[workspace]\nmembers = [\"crates/*\"]\n[workspace.package]\nversion = \"2.49.0\"\n", "crates/a/Cargo.toml": "[package]\nversion.workspace = true\n", "crates/b/Cargo.toml": "[package]\nversion = \"0.3.1\"\n"},
			repoFiles{"Cargo.toml": "[workspace]\nmembers = [\"crates/*\"]\n[workspace.package]\nversion = \"2.50.0\"\n", "crates/a/Cargo.toml": "[package]\nversion.workspace = true\n", "crates/b/Cargo.toml": "[package]\nversion = \"0.3.2\"\n"},
			[]want{{guard.Pass, "Cargo.toml", 4, "Cargo.toml workspace.package.version holds 2.50.0"}, {guard.Skip, "crates/b/Cargo.toml", 2, "crates/b/Cargo.toml left out: not in lockstep: held 0.3.1"}, {guard.Skip, "", 0, "crates/a/Cargo.toml inherits the workspace's version"}},
		},
		{
			"a Go version constant",
			repoFiles{"version/version.go": "package version\n\nvar Version = \"2.49.0\"\n", "cmd/version.go": "package main\n\nvar Version = \"dev\"\n"},
			repoFiles{"version/version.go": "package version\n\nvar Version = \"2.49.0\"\n", "cmd/version.go": "package main\n\nvar Version = \"dev\"\n"},
			[]want{{guard.Fail, "version/version.go", 3, "version/version.go still has version 2.49.0"}, {guard.Skip, "cmd/version.go", 3, "held dev at v2.49.0"}},
		},
		{
			"a Python __version__, and a subpackage's own",
			repoFiles{"src/pkg/__init__.py": "__version__ = '2.49.0'\n", "src/pkg/vendored/__init__.py": "__version__ = '1.0'\n"},
			repoFiles{"src/pkg/__init__.py": "__version__ = '2.50.0'\n", "src/pkg/vendored/__init__.py": "__version__ = '1.0'\n"},
			[]want{{guard.Pass, "src/pkg/__init__.py", 1, "holds 2.50.0"}, {guard.Skip, "src/pkg/vendored/__init__.py", 1, "held 1.0"}},
		},
		{
			"a hatch dynamic version is read from its source",
			repoFiles{"pyproject.toml": "[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\npath = \"httpx/__version__.py\"\n", "httpx/__version__.py": "__version__ = \"2.49.0\"\n"},
			repoFiles{"pyproject.toml": "[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\npath = \"httpx/__version__.py\"\n", "httpx/__version__.py": "__version__ = \"2.49.0\"\n"},
			[]want{{guard.Fail, "httpx/__version__.py", 1, "httpx/__version__.py still has version 2.49.0"}},
		},
		{
			"setup.cfg attr: points at the module",
			repoFiles{"setup.cfg": "[metadata]\nversion = attr: flask.__version__\n", "src/flask/__init__.py": "__version__ = \"2.49.0\"\n"},
			repoFiles{"setup.cfg": "[metadata]\nversion = attr: flask.__version__\n", "src/flask/__init__.py": "__version__ = \"2.50.0\"\n"},
			[]want{{guard.Pass, "src/flask/__init__.py", 1, "src/flask/__init__.py holds 2.50.0"}},
		},
		{
			"a version from the git tag passes with a note",
			repoFiles{"pyproject.toml": "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\n[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\nsource = \"vcs\"\n"},
			repoFiles{"pyproject.toml": "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\n[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\nsource = \"vcs\"\n"},
			[]want{{guard.Pass, "pyproject.toml", 4, "pyproject.toml takes its version from the git tag (hatch-vcs, [tool.hatch.version] source): nothing to bump"}},
		},
		{
			"lerna fixed mode and its packages",
			repoFiles{"lerna.json": `{"version": "2.49.0"}`, "packages/a/package.json": `{"version": "2.49.0"}`},
			repoFiles{"lerna.json": `{"version": "2.50.0"}`, "packages/a/package.json": `{"version": "2.49.0"}`},
			[]want{{guard.Fail, "packages/a/package.json", 1, "still has version 2.49.0"}, {guard.Pass, "lerna.json", 1, "lerna.json holds 2.50.0"}},
		},
		{
			"fixtures, examples and hidden directories are never candidates",
			repoFiles{"package.json": `{"version": "2.49.0"}`, "tests/fixtures/package.json": `{"version": "2.49.0"}`, "examples/a/package.json": `{"version": "2.49.0"}`, "_integration-test/package.json": `{"version": "2.49.0"}`, ".github/package.json": `{"version": "2.49.0"}`},
			repoFiles{"package.json": `{"version": "2.50.0"}`, "tests/fixtures/package.json": `{"version": "2.49.0"}`, "examples/a/package.json": `{"version": "2.49.0"}`, "_integration-test/package.json": `{"version": "2.49.0"}`, ".github/package.json": `{"version": "2.49.0"}`},
			[]want{{guard.Pass, "package.json", 1, "package.json holds 2.50.0"}},
		},
		{
			"a package new since the last release",
			repoFiles{"package.json": `{"version": "2.49.0"}`},
			repoFiles{"package.json": `{"version": "2.50.0"}`, "packages/new/package.json": `{"version": "2.50.0"}`, "packages/own/package.json": `{"version": "0.1.0"}`},
			[]want{{guard.Pass, "package.json", 1, "holds 2.50.0"}, {guard.Pass, "packages/new/package.json", 1, "new since v2.49.0"}, {guard.Skip, "packages/own/package.json", 1, "did not exist at v2.49.0"}},
		},
		{
			"nothing in lockstep warns",
			repoFiles{"package.json": `{"version": "0.1.0"}`},
			repoFiles{"package.json": `{"version": "0.1.0"}`},
			[]want{{guard.Skip, "package.json", 1, "left out"}, {guard.Warn, "", 0, "nothing checked: none of the 1 version file(s) found held the version of v2.49.0"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := withRelease(contentCtx(t, "2.50.0", nil, tt.now), "v2.49.0", tt.then)
			expect(t, versionFiles(ctx), "version.files", tt.wants...)
		})
	}
}

func TestVersionFilesFirstRelease(t *testing.T) {
	files := repoFiles{
		"package.json":            "{\"version\": \"1.0.0\", \"workspaces\": [\"packages/*\"]}",
		"packages/a/package.json": `{"version": "0.9.0"}`,
		"tools/x/package.json":    `{"version": "3.0.0"}`,
	}
	expect(t, versionFiles(contentCtx(t, "1.0.0", nil, files)), "version.files",
		want{guard.Fail, "packages/a/package.json", 1, "packages/a/package.json has version 0.9.0, want 1.0.0"},
		want{guard.Pass, "package.json", 1, "package.json holds 1.0.0 (no earlier release: judged as a root or workspace manifest)"},
		want{guard.Skip, "tools/x/package.json", 1, "tools/x/package.json left out: no earlier release shows that it follows the project's version"},
	)
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
			got := versionFiles(contentCtx(t, "0.5.0", nil, files))
			expect(t, got[:1], "version.files", want{guard.Fail, tc.file, tc.line, tc.msg})
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
		want{guard.Pass, "apps/web/package.json", 3, "apps/web/package.json holds 0.5.0 (listed under version_files in relguard.yaml)"},
		want{guard.Pass, "deploy/app.json", 1, "deploy/app.json meta.release holds 0.5.0"},
		want{guard.Pass, "src/version.go", 3, "src/version.go holds 0.5.0"},
	)
	if !strings.Contains(got[1].Hint, "version_files") {
		t.Errorf("missing-file hint = %q", got[1].Hint)
	}
	// Only what is configured is read: the mismatching discovered file is ignored.
	cfg = mustConfig(t, "version_files: [{path: deploy/app.json, key: meta.release}]\n")
	files["apps/web/package.json"] = `{"version": "0.1.0"}`
	expect(t, versionFiles(contentCtx(t, "0.5.0", cfg, files)), "version.files", want{guard.Pass, "deploy/app.json", 1, "deploy/app.json meta.release holds 0.5.0"})
}

func TestVersionFilesCargoWorkspace(t *testing.T) {
	files := repoFiles{
		"Cargo.toml":          "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.0\"\n",
		"crates/a/Cargo.toml": "[package]\nname = \"a\"\nversion.workspace = true\n",
		"crates/b/Cargo.toml": "[package]\nname = \"b\"\nversion = \"0.5.0\"\n",
	}
	cfg := mustConfig(t, "version_files: [crates/a/Cargo.toml, crates/b/Cargo.toml]\n")
	expect(t, versionFiles(contentCtx(t, "0.5.0", cfg, files)), "version.files",
		want{guard.Fail, "Cargo.toml", 5, "Cargo.toml workspace.package.version has version 0.4.0, want 0.5.0"},
		want{guard.Pass, "crates/b/Cargo.toml", 3, "crates/b/Cargo.toml holds 0.5.0"})
	files["Cargo.toml"] = strings.Replace(files["Cargo.toml"], "0.4.0", "0.5.0", 1)
	expect(t, versionFiles(contentCtx(t, "0.5.0", cfg, files)), "version.files",
		want{guard.Pass, "Cargo.toml", 5, "Cargo.toml workspace.package.version holds 0.5.0 (the workspace version that crates/a/Cargo.toml inherits"},
		want{guard.Pass, "crates/b/Cargo.toml", 3, "crates/b/Cargo.toml holds 0.5.0"})
	delete(files, "Cargo.toml")
	expect(t, versionFiles(contentCtx(t, "0.5.0", cfg, files))[:1], "version.files",
		want{guard.Fail, "crates/a/Cargo.toml", 3, "no workspace Cargo.toml above it"})
}

func TestVersionFilesNothingToCheck(t *testing.T) {
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, repoFiles{"README.md": "x"})), "version.files",
		want{guard.Warn, "", 0, "nothing checked: no version file found"})
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, repoFiles{"package.json": "{}", "vendor/x/VERSION": "1.0.0"})), "version.files",
		want{guard.Skip, "", 0, "1 file(s) hold no version to bump: package.json declares no version"},
		want{guard.Warn, "", 0, "nothing checked: no version file found"})
	// A Go module's version is its tag.
	expect(t, versionFiles(contentCtx(t, "0.5.0", nil, repoFiles{"go.mod": "module x\n", "main.go": "package main\n"})), "version.files",
		want{guard.Pass, "go.mod", 0, "go.mod makes this a Go module, whose version is its git tag"})
	ctx := contentCtx(t, "0.5.0", nil, nil)
	ctx.TrackedFiles = func() ([]string, error) { return nil, errors.New("index is corrupt") }
	expect(t, versionFiles(ctx)[:1], "version.files", want{guard.Fail, "", 0, "cannot list the repository's files: index is corrupt"})
}

func TestChangelogEntry(t *testing.T) {
	tests := []struct {
		name, doc string
		want      want
	}{
		{"missing section", "# Changelog\n\n## [0.4.64] - 2025-01-10\n- x\n", want{guard.Fail, "CHANGELOG.md", 3, "CHANGELOG.md has no section for 0.5.0 (it has one for every release up to v0.4.64)"}},
		{"only the rc", "## [0.5.0-rc.1]\n## [0.4.64]\n- x\n", want{guard.Fail, "CHANGELOG.md", 1, "has no section for 0.5.0"}},
		{"in a code block", "# Changelog\n```\n## 0.5.0\n- x\n```\n## 0.4.64\n- x\n", want{guard.Fail, "CHANGELOG.md", 6, "has no section for 0.5.0"}},
		{"empty", "## [0.5.0] - 2025-01-27\n### Added\n\n## [0.4.64]\n- x\n", want{guard.Fail, "CHANGELOG.md", 1, "CHANGELOG.md:1: the section for 0.5.0 is empty"}},
		{"placeholder", "## [0.5.0]\n\n_Release date: TBD_\n\n## [0.4.64]\n- x\n", want{guard.Fail, "CHANGELOG.md", 1, "CHANGELOG.md:1: the section for 0.5.0 holds only a placeholder (_Release date: TBD_), no release notes"}},
		{"unreleased marker", "\ufeff## 0.5.0 (Unreleased)\r\n- x\r\n", want{guard.Warn, "CHANGELOG.md", 1, "still marked Unreleased"}},
		{"setext", "Changelog\n=========\n\nv0.5.0\n------\n- x\n", want{guard.Pass, "CHANGELOG.md", 4, "CHANGELOG.md has a section for 0.5.0"}},
	}
	then := repoFiles{"CHANGELOG.md": "## 0.4.64\n- x\n"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, changelogEntry(withRelease(contentCtx(t, "0.5.0", nil, repoFiles{"CHANGELOG.md": tt.doc}), "v0.4.64", then)), "changelog.entry", tt.want)
		})
	}
	// A changelog kept up to the last release and then deleted fails.
	expect(t, changelogEntry(withRelease(contentCtx(t, "0.5.0", nil, repoFiles{}), "v0.4.64", then)), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 0, "CHANGELOG.md does not exist: it had the section for 0.4.64 at v0.4.64 but is no longer in the repository"})
	// None at all warns: nothing was checked.
	expect(t, changelogEntry(contentCtx(t, "0.5.0", nil, repoFiles{})), "changelog.entry",
		want{guard.Warn, "", 0, "nothing checked: no changelog found"})
	expect(t, changelogEntry(contentCtx(t, "0.5.0", mustConfig(t, "changelog: docs/CHANGES.md\n"), repoFiles{"CHANGELOG.md": "## 0.5.0\n- x\n"})), "changelog.entry",
		want{guard.Fail, "docs/CHANGES.md", 0, "docs/CHANGES.md does not exist"})
	expect(t, changelogEntry(contentCtx(t, "0.5.0", nil, repoFiles{"CHANGELOG.md": "\x00\x01"})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 0, "binary data"})
}

func TestChangelogDiscovery(t *testing.T) {
	tests := []struct {
		name      string
		then, now repoFiles
		wants     []want
	}{
		{
			"CHANGES.rst at the root",
			repoFiles{"CHANGES.rst": "Version 2.49.0\n--------------\n\nReleased 2024-01-01\n"},
			repoFiles{"CHANGES.rst": ".. currentmodule:: x\n\nVersion 2.50.0\n--------------\n\nReleased 2024-02-01\n\n-   Fix.\n\nVersion 2.49.0\n--------------\n\nReleased 2024-01-01\n"},
			[]want{{guard.Pass, "CHANGES.rst", 3, "CHANGES.rst has a section for 2.50.0 (kept per release"}},
		},
		{
			"only a placeholder",
			repoFiles{"CHANGES.rst": "Version 2.49.0\n--------------\n\nReleased 2024-01-01\n"},
			repoFiles{"CHANGES.rst": "Version 2.50.0\n--------------\n\nUnreleased\n\nVersion 2.49.0\n--------------\n\nReleased 2024-01-01\n"},
			[]want{{guard.Fail, "CHANGES.rst", 1, "holds only a placeholder (Unreleased)"}},
		},
		{
			"docs/changelog.md, and the one kept wins over the root's",
			repoFiles{"docs/changelog.md": "## 2.49.0\n- x\n", "HISTORY.md": "old\n"},
			repoFiles{"docs/changelog.md": "## 2.50.0\n- y\n## 2.49.0\n- x\n", "HISTORY.md": "old\n"},
			[]want{{guard.Skip, "HISTORY.md", 0, "HISTORY.md not read: docs/changelog.md is the changelog"}, {guard.Pass, "docs/changelog.md", 1, "docs/changelog.md has a section for 2.50.0"}},
		},
		{
			"a changelog not kept per release is not required",
			repoFiles{"CHANGELOG.md": "See the GitHub releases.\n"},
			repoFiles{"CHANGELOG.md": "See the GitHub releases.\n"},
			[]want{{guard.Skip, "CHANGELOG.md", 0, "CHANGELOG.md has no section for 2.50.0, and none is required: it had no section for 2.49.0 at v2.49.0"}},
		},
		{
			"a changelog under tests is not the project's",
			repoFiles{"tests/CHANGELOG.md": "## 2.49.0\n- x\n"},
			repoFiles{"tests/CHANGELOG.md": "## 2.49.0\n- x\n"},
			[]want{{guard.Warn, "", 0, "no changelog found"}},
		},
		{
			"NEWS without an extension",
			repoFiles{"NEWS": "2.49.0\n======\n- x\n"},
			repoFiles{"NEWS": "2.49.0\n======\n- x\n"},
			[]want{{guard.Fail, "NEWS", 1, "NEWS has no section for 2.50.0 (it has one for every release up to v2.49.0)"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := withRelease(contentCtx(t, "2.50.0", nil, tt.now), "v2.49.0", tt.then)
			expect(t, changelogEntry(ctx), "changelog.entry", tt.wants...)
		})
	}
}

func TestChangelogEntryMonorepoPrefix(t *testing.T) {
	cfg := mustConfig(t, "tag_prefix: api/v\n")
	doc := "## web@0.5.0\n- web\n\n## api/v0.5.0\n\n## 0.4.0\n- x\n"
	expect(t, changelogEntry(contentCtx(t, "0.5.0", cfg, repoFiles{"CHANGELOG.md": doc})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 4, "is empty"})
	doc = "## web@0.5.0\n- web\n"
	expect(t, changelogEntry(contentCtx(t, "0.5.0", cfg, repoFiles{"CHANGELOG.md": doc})), "changelog.entry",
		want{guard.Fail, "CHANGELOG.md", 1, "has no section for 0.5.0"})
	// The component's own changelog comes first.
	expect(t, changelogEntry(contentCtx(t, "0.5.0", cfg, repoFiles{"CHANGELOG.md": doc, "api/CHANGELOG.md": "## 0.5.0\n- api\n"})), "changelog.entry",
		want{guard.Skip, "CHANGELOG.md", 0, "CHANGELOG.md not read: api/CHANGELOG.md is the changelog"},
		want{guard.Pass, "api/CHANGELOG.md", 1, "api/CHANGELOG.md has a section for 0.5.0"})
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

// A Docker tag cannot hold "+": a version with build metadata is tagged
// with "_" in its place (or "-", or without the metadata).
func TestImageTagsWithBuildMetadata(t *testing.T) {
	compose := `services:
  web:
    build: .
    image: acme/web:0.5.0_build.7
  api:
    build: .
    image: acme/api:v0.5.0-build.7
  jobs:
    build: .
    image: acme/jobs:0.5.0
  old:
    build: .
    image: acme/old:0.4.64
`
	ctx := contentCtx(t, "0.5.0+build.7", mustConfig(t, "images:\n  own: [acme/web, acme/api, acme/jobs, acme/old]\n"), repoFiles{"docker-compose.prod.yml": compose})
	got := imageTags(ctx)
	expect(t, got, "image.tags",
		want{guard.Fail, "docker-compose.prod.yml", 13, "is tagged 0.4.64, want 0.5.0_build.7"},
	)
	if h := got[0].Hint; h != "tag the image acme/old:0.5.0_build.7 at docker-compose.prod.yml:13" {
		t.Errorf("hint = %q", h)
	}
	passing := strings.Split(compose, "  old:")[0]
	ctx = contentCtx(t, "0.5.0+build.7", mustConfig(t, "images:\n  own: [acme/web, acme/api, acme/jobs]\n"), repoFiles{"docker-compose.prod.yml": passing})
	expect(t, imageTags(ctx), "image.tags",
		want{guard.Pass, "", 0, "3 own image(s) tagged 0.5.0_build.7"},
	)
}

func TestImageFileSelection(t *testing.T) {
	// Every compose file is read; outside deployment files an own image
	// with another tag only warns.
	files := repoFiles{"docker-compose.yml": "services:\n  web:\n    build: .\n    image: acme/web:dev\n", "tests/docker-compose.yml": "services:\n  x:\n    image: x:latest\n"}
	expect(t, imageTags(contentCtx(t, "0.5.0", nil, files)), "image.tags", want{guard.Warn, "docker-compose.yml", 4, "is tagged dev, want 0.5.0 (docker-compose.yml is not a deployment file, so this only warns)"})
	expect(t, imageLatest(contentCtx(t, "0.5.0", nil, files)), "image.latest", want{guard.Skip, "", 0, "no third-party images in docker-compose.yml"})
	for _, name := range []string{"docker-compose.prod.yml", "compose.production.yaml", "deploy-compose.yml", "compose.release.yml"} {
		expect(t, imageTags(contentCtx(t, "0.5.0", nil, repoFiles{name: files["docker-compose.yml"]})), "image.tags", want{guard.Fail, name, 4, "is tagged dev, want 0.5.0"})
	}
	expect(t, imageTags(contentCtx(t, "0.5.0", nil, repoFiles{"README.md": ""})), "image.tags", want{guard.Skip, "", 0, "no compose files found"})
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
	// Build without image (or with a local name that cannot be pushed):
	// nothing to check, not an untagged image.
	files = repoFiles{"compose.prod.yml": "services:\n  web:\n    build: .\n  cron:\n    build: .\n    image: sentry-self-hosted-local\n"}
	expect(t, imageTags(contentCtx(t, "0.5.0", nil, files)), "image.tags", want{guard.Skip, "", 0, "no own images"})
	expect(t, imageLatest(contentCtx(t, "0.5.0", nil, files)), "image.latest", want{guard.Skip, "", 0, "no third-party images"})
}

// TestImagesInLockstep: an image whose tag was the previous release's
// version is the project's own, wherever the file is, and its tag comes
// from the .env beside the compose file when the file says so.
func TestImagesInLockstep(t *testing.T) {
	compose := "services:\n  web:\n    image: \"$SENTRY_IMAGE\"\n  relay:\n    image: getsentry/relay:${RELAY_TAG:-nightly}\n  db:\n    image: postgres:14.11\n"
	then := repoFiles{"docker-compose.yml": compose, ".env": "SENTRY_IMAGE=getsentry/sentry:24.1.0\nRELAY_TAG=24.1.0\n"}
	now := repoFiles{"docker-compose.yml": compose, ".env": "SENTRY_IMAGE=getsentry/sentry:24.2.0\nRELAY_TAG=24.2.0\n"}
	ctx := withRelease(contentCtx(t, "24.2.0", nil, now), "24.1.0", then)
	ctx.Config.TagPrefix, ctx.Tag = "", "24.2.0"
	expect(t, imageTags(ctx), "image.tags", want{guard.Pass, "", 0, "2 own image(s) tagged 24.2.0 in docker-compose.yml"})
	expect(t, imageLatest(ctx), "image.latest", want{guard.Pass, "", 0, "1 third-party image(s) pinned"})

	pre := repoFiles{"docker-compose.yml": compose, ".env": "SENTRY_IMAGE=getsentry/sentry:nightly\nRELAY_TAG=24.1.0\n"}
	ctx = withRelease(contentCtx(t, "24.2.0", nil, pre), "24.1.0", then)
	ctx.Config.TagPrefix, ctx.Tag = "", "24.2.0"
	got := imageTags(ctx)
	expect(t, got, "image.tags",
		want{guard.Fail, "docker-compose.yml", 3, `docker-compose.yml:3: service web image $SENTRY_IMAGE is tagged nightly (.env:1 sets SENTRY_IMAGE=getsentry/sentry:nightly), want 24.2.0`},
		want{guard.Fail, "docker-compose.yml", 5, "is tagged 24.1.0 (.env:2 sets RELAY_TAG=24.1.0), want 24.2.0"},
	)
	if got[0].Hint != "set the tag in .env (line 1, SENTRY_IMAGE) to 24.2.0" {
		t.Errorf("hint = %q", got[0].Hint)
	}
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
	expect(t, nginxHeaders(contentCtx(t, "0.5.0", nil, repoFiles{"vendor/nginx.conf": "server {}", "_integration-test/nginx.conf": "server {}", "tests/e2e/nginx.conf": "server {}", ".github/nginx.conf": "server {}"})), "nginx.headers",
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
