package plugin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const twiceYAML = `version: "2"
linters:
  enable: [relguard]
  settings:
    custom:
      relguard:
        type: module
        settings:
          ambigtype.names: [A]
          ambigtype:
            names: [B]
            alias: [x]
`

// mergedByGolangci is what golangci-lint v2.15.0 hands the plugin for
// twiceYAML: its loader (viper) merges the spellings and the dotted key wins.
var mergedByGolangci = map[string]any{"ambigtype": map[string]any{"alias": []any{"x"}, "names": []any{"A"}}}

func flat(t *testing.T, conf map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	if err := flatten("", conf, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNewRejectsKeyGivenTwiceInConfigFile: golangci-lint used to lose one of
// the two values silently; the plugin now reads the file and says which key.
func TestNewRejectsKeyGivenTwiceInConfigFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".golangci.yml"), twiceYAML)
	t.Chdir(dir)
	_, err := New(mergedByGolangci)
	if err == nil || !strings.Contains(err.Error(), `key "ambigtype.names" is given twice in `+filepath.Join(dir, ".golangci.yml")) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("New = %v; want one line naming ambigtype.names and the file", err)
	}
}

func TestSpelledTwice(t *testing.T) {
	home := t.TempDir()
	root := t.TempDir()
	sub := filepath.Join(root, "svc", "api")
	write(t, filepath.Join(root, ".golangci.yml"), twiceYAML)
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	got := flat(t, mergedByGolangci)

	// Found in a parent directory, as golangci-lint finds it.
	if err := spelledTwice([]string{"run", "./..."}, sub, home, got); err == nil || !strings.Contains(err.Error(), `"ambigtype.names"`) {
		t.Errorf("parent directory: %v", err)
	}
	// Settings that do not merge to what golangci-lint passed come from
	// another file than the one in use: not judged.
	other := flat(t, map[string]any{"ambigtype": map[string]any{"alias": []any{"x"}, "names": []any{"B"}}})
	if err := spelledTwice(nil, sub, home, other); err != nil {
		t.Errorf("a file not in use was judged: %v", err)
	}
	// --no-config: golangci-lint read no file.
	if err := spelledTwice([]string{"run", "--no-config"}, sub, home, got); err != nil {
		t.Errorf("--no-config: %v", err)
	}

	// -c and --config name the file, relative to the directory; TOML and JSON too.
	toml := filepath.Join(sub, "lint.toml")
	write(t, toml, `version = "2"
[linters.settings.custom.relguard]
type = "module"
[linters.settings.custom.relguard.settings]
"cookiesec.strict" = true
[linters.settings.custom.relguard.settings.cookiesec]
strict = false
`)
	tomlGot := map[string]any{"cookiesec.strict": true}
	for _, args := range [][]string{{"run", "-c", "lint.toml"}, {"run", "--config=lint.toml"}, {"run", "-clint.toml"}, {"run", "--config", toml}} {
		if err := spelledTwice(args, sub, home, tomlGot); err == nil || !strings.Contains(err.Error(), `"cookiesec.strict" is given twice in `+toml) {
			t.Errorf("%q: %v", args, err)
		}
	}
	// The nearest directory's file is the one in use.
	write(t, filepath.Join(sub, ".golangci.json"), `{"linters": {"settings": {"custom": {"relguard": {"settings": {"ambigtype.names": ["A"], "ambigtype": {"alias": ["x"]}}}}}}}`)
	if err := spelledTwice(nil, sub, home, got); err != nil {
		t.Errorf(".golangci.json without a key given twice: %v", err)
	}
	// The home directory is searched last.
	lone := t.TempDir()
	write(t, filepath.Join(home, ".golangci.yaml"), twiceYAML)
	if err := spelledTwice(nil, lone, home, got); err == nil {
		t.Errorf("home configuration not found")
	}
	// A file with each key once is fine, and unreadable ones are left to golangci-lint.
	write(t, filepath.Join(lone, ".golangci.yml"), strings.Replace(twiceYAML, "          ambigtype.names: [A]\n", "", 1))
	if err := spelledTwice(nil, lone, home, flat(t, map[string]any{"ambigtype": map[string]any{"alias": []any{"x"}, "names": []any{"B"}}})); err != nil {
		t.Errorf("each key once: %v", err)
	}
	write(t, filepath.Join(lone, ".golangci.yml"), "linters: [\n")
	if err := spelledTwice(nil, lone, home, got); err != nil {
		t.Errorf("malformed file: %v", err)
	}
}
