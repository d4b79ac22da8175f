package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseDefaultsAndValues(t *testing.T) {
	cfg, err := Parse([]byte(`
tag_prefix: api/v
changelog: docs/CHANGES.md
version_files:
  - apps/web/package.json
  - {path: deploy/meta.json, key: app.release}
  - {path: src/version.go, regex: 'Version = "([^"]+)"'}
images:
  compose: [docker-compose.prod.yml]
  own: [applylens/web]
git:
  branches: [main, release/*]
  require_annotated: true
env:
  - file: .env.prod
    require: {ALLOW_DEV_ROUTES: "0", COOKIE_SECURE: "1"}
nginx:
  - file: web/nginx.conf
    headers: [X-Frame-Options]
lint:
  enable: [ambigtype]
  tests: false
  ambigtype.names: [Session, Token]
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TagPrefix != "api/v" || cfg.Changelog != "docs/CHANGES.md" {
		t.Errorf("prefix/changelog = %q/%q", cfg.TagPrefix, cfg.Changelog)
	}
	if len(cfg.VersionFiles) != 3 || cfg.VersionFiles[0].Path != "apps/web/package.json" ||
		cfg.VersionFiles[1].Key != "app.release" || cfg.VersionFiles[2].Regex == "" {
		t.Errorf("version_files = %+v", cfg.VersionFiles)
	}
	if cfg.VersionFiles[1].Line != 6 {
		t.Errorf("version_files[1] line = %d, want 6", cfg.VersionFiles[1].Line)
	}
	if !cfg.Git.RequireAnnotated || cfg.Env[0].Require["COOKIE_SECURE"] != "1" || cfg.Nginx[0].Headers[0] != "X-Frame-Options" {
		t.Errorf("git/env/nginx = %+v %+v %+v", cfg.Git, cfg.Env, cfg.Nginx)
	}
	if cfg.Lint.Tests == nil || *cfg.Lint.Tests || len(cfg.Lint.Enable) != 1 {
		t.Errorf("lint = %+v", cfg.Lint)
	}
	names, ok := cfg.Lint.Settings["ambigtype.names"].([]any)
	if !ok || len(names) != 2 || len(cfg.Lint.Settings) != 1 {
		t.Errorf("lint settings = %#v", cfg.Lint.Settings)
	}
}

func TestDefaults(t *testing.T) {
	for _, doc := range []string{"", "\n# only a comment\n", "changelog: CHANGES.md\n"} {
		cfg, err := Parse([]byte(doc))
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if cfg.TagPrefix != "v" {
			t.Errorf("%q: tag_prefix = %q, want v", doc, cfg.TagPrefix)
		}
	}
	cfg, err := Parse([]byte("tag_prefix: \"\"\n"))
	if err != nil || cfg.TagPrefix != "" || !cfg.TagPrefixSet {
		t.Errorf("explicit empty prefix = %q set=%v, %v; want empty and set (tags like 0.5.0)", cfg.TagPrefix, cfg.TagPrefixSet, err)
	}
}

func TestKeysSetTellExplicitFromDefault(t *testing.T) {
	for _, tc := range []struct {
		doc                     string
		prefixSet, changelogSet bool
	}{
		{"", false, false},
		{"git:\n  branches: [main]\n", false, false},
		{"tag_prefix: v\n", true, false},
		{"tag_prefix: \"\"\nchangelog: CHANGES.rst\n", true, true},
		{"changelog: \"\"\n", false, false},
	} {
		cfg, err := Parse([]byte(tc.doc))
		if err != nil {
			t.Fatalf("%q: %v", tc.doc, err)
		}
		if cfg.TagPrefixSet != tc.prefixSet || cfg.ChangelogSet != tc.changelogSet {
			t.Errorf("%q: TagPrefixSet=%v ChangelogSet=%v, want %v %v", tc.doc, cfg.TagPrefixSet, cfg.ChangelogSet, tc.prefixSet, tc.changelogSet)
		}
	}
	if d := Default(); d.TagPrefixSet || d.ChangelogSet || d.TagPrefix != "v" || d.Changelog != "CHANGELOG.md" {
		t.Errorf("Default() = %+v", d)
	}
}

func TestErrorsNameTheKeyAndLine(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"tagprefix: x\n", `line 1: unknown key "tagprefix"`},
		{"git:\n  branchs: [main]\n", `line 2: unknown key "branchs"`},
		{"version_files:\n  - {path: a.json, kee: v}\n", `unknown key "kee"`},
		{"version_files:\n  - {key: v}\n", "needs a path"},
		{"version_files:\n  - {path: a, key: k, regex: r}\n", "both key and regex"},
		{"version_files:\n  - {path: a, regex: '('}\n", "invalid regex"},
		{"version_files:\n  - {path: a.yaml, key: .}\n", `key "." is not a dotted key`},
		{"version_files:\n  - {path: a.yaml, key: app..version}\n", "is not a dotted key"},
		{"images: 3\n", "line 1: images: want a mapping, got 3"},
		{"env: 5\n", "line 1: env: want a list, got 5"},
		{"tag_prefix: [1]\n", "line 1: tag_prefix: want a string, got a list"},
		{"git:\n  require_annotated: maybe\n", `line 2: git.require_annotated: want true or false, got "maybe"`},
		{"version_files:\n  - {path: a.json, key: [x]}\n", "line 2: version_files[0].key: want a string, got a list"},
		{"env:\n  - file: .env\n    require: [A]\n", "line 3: env[0].require: want a mapping, got a list"},
		{"a: [\n", "line"},
		{"env:\n  - require: {A: b}\n", "env entry 1 needs a file"},
		{"nginx:\n  - headers: [X]\n", "nginx entry 1 needs a file"},
		{"tag_prefix: v\n---\ntag_prefix: w\n", "single YAML document"},
	} {
		_, err := Parse([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tc.doc, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error spans lines: %q", tc.doc, err)
		}
	}
}

func TestLoadPrefixesPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte("tag_prefix: v\nchangelogs: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadDefault(dir)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: unknown key") {
		t.Fatalf("LoadDefault error = %v", err)
	}
	cfg, err := LoadDefault(t.TempDir())
	if err != nil || cfg.Path != "" || cfg.TagPrefix != "v" {
		t.Fatalf("missing file: %+v, %v", cfg, err)
	}
	if _, err := Load(filepath.Join(dir, "nope.yaml")); err == nil || !strings.Contains(err.Error(), "cannot read configuration") {
		t.Fatalf("Load missing = %v", err)
	}
}

// TestTypeErrorsNameTheKey: a value of the wrong kind is reported with
// its key and what it should be, not with yaml's Go type names.
func TestTypeErrorsNameTheKey(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"lint:\n  tests: maybe\n", `line 2: lint.tests: want true or false, got "maybe" (see the configuration reference, docs/configuration.md)`},
		{"lint: 5\n", "line 1: lint: want a mapping, got 5 (see the configuration reference, docs/configuration.md)"},
		{"tag_prefix: v\nnginx: 3\n", "line 2: nginx: want a list, got 3 (see the configuration reference, docs/configuration.md)"},
		{"lint:\n  enable: [[a]]\n", "line 2: lint.enable: want a string, got a list (see the configuration reference, docs/configuration.md)"},
		{"module example.com/m\n\ngo 1.22\n", "line 1: the configuration must be a mapping of keys (such as lint: and tag_prefix:), got \"module ...\""},
	} {
		_, err := Parse([]byte(tc.doc))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) error = %v\nwant %s", tc.doc, err, tc.want)
		}
	}
}

// FuzzParse: any relguard.yaml gives a configuration or one line of
// error, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"tag_prefix: v\n", "env: 5\n", "git: {require_annotated: maybe, branches: [main]}\n",
		"version_files:\n  - {path: a.json, key: [x]}\n  - VERSION\n", "- a\n", "module x\n",
		"lint:\n  enable: [[a]]\n  ambigtype.names: [Session]\n", "a: &x [*x]\n", "hooks:\n  pre_push:\n    floating_tags: no\n",
		"nginx:\n  - file: n.conf\n    headers: {X: 1}\n", "images:\n  own: {a: b}\n", "verify:\n  max_latency: 3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse(data)
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error spans lines: %q", data, err)
		}
	})
}
