package plugin

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/internal/regularfile"
)

// spelledTwice finds the golangci-lint configuration file in use and
// reports a relguard setting given there both dotted ("ambigtype.names:")
// and nested ("ambigtype: {names: ...}"). golangci-lint's loader merges the
// two spellings before relguard is handed its settings and keeps one value,
// so only the file can tell. got is the flattened settings golangci-lint
// passed: a file whose relguard settings do not merge to exactly got is not
// the one in use, and is not judged. Any file that cannot be found or read
// is left to golangci-lint, which has already read it.
func spelledTwice(args []string, dir, home string, got map[string]any) error {
	path := golangciConfigFile(args, dir, home)
	if path == "" {
		return nil
	}
	data, err := regularfile.Read(path, 0)
	if err != nil {
		return nil //nolint:nilerr // golangci-lint reports its own configuration file's problems
	}
	var doc map[string]any
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		err = json.Unmarshal(data, &doc)
	case ".toml":
		err = toml.Unmarshal(data, &doc)
	default:
		err = yaml.Unmarshal(data, &doc)
	}
	if err != nil {
		return nil //nolint:nilerr // golangci-lint reports its own configuration file's problems
	}
	raw := doc
	for _, key := range []string{"linters", "settings", "custom", Name, "settings"} {
		next, ok := lookupFold(raw, key).(map[string]any)
		if !ok {
			return nil
		}
		raw = next
	}
	var twice *twiceError
	if !errors.As(flatten("", raw, map[string]any{}), &twice) {
		return nil
	}
	if !sameSettings(merged("", raw, map[string]any{}), got) {
		return nil
	}
	return fmt.Errorf("relguard settings: key %q is given twice in %s, once dotted and once nested, and golangci-lint keeps only one of the values; keep one spelling", twice.key, path)
}

// golangciConfigFile is the file golangci-lint reads: the one named by
// -c/--config, none with --no-config, else .golangci.{json,toml,yaml,yml}
// in dir or the nearest parent, or in home (the order of golangci-lint's
// search when it lints from dir).
func golangciConfigFile(args []string, dir, home string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			i = len(args)
		case a == "--no-config" || a == "--no-config=true":
			return ""
		case a == "-c" || a == "--config":
			if i+1 < len(args) {
				return absFrom(dir, home, args[i+1])
			}
		case strings.HasPrefix(a, "--config="):
			return absFrom(dir, home, strings.TrimPrefix(a, "--config="))
		case strings.HasPrefix(a, "-c=") || (strings.HasPrefix(a, "-c") && !strings.HasPrefix(a, "--") && len(a) > 2):
			return absFrom(dir, home, strings.TrimPrefix(strings.TrimPrefix(a, "-c"), "="))
		}
	}
	var dirs []string
	for d := dir; ; d = filepath.Dir(d) {
		dirs = append(dirs, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if home != "" {
		dirs = append(dirs, home)
	}
	for _, d := range dirs {
		for _, ext := range []string{"json", "toml", "yaml", "yml"} {
			p := filepath.Join(d, ".golangci."+ext)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p
			}
		}
	}
	return ""
}

func absFrom(dir, home, p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home == "" {
			return ""
		}
		p = filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return p
}

// lookupFold finds key in m ignoring case, as golangci-lint's loader does.
func lookupFold(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// merged flattens in the way golangci-lint's loader merges: where both
// spellings give a key, the dotted one wins.
func merged(prefix string, in, out map[string]any) map[string]any {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	// Nested mappings first, so that a dotted key overwrites them.
	sort.Slice(keys, func(i, j int) bool {
		_, ni := in[keys[i]].(map[string]any)
		_, nj := in[keys[j]].(map[string]any)
		if ni != nj {
			return ni
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		key := strings.ToLower(k)
		if prefix != "" {
			key = prefix + "." + key
		}
		if nested, ok := in[k].(map[string]any); ok {
			merged(key, nested, out)
			continue
		}
		out[key] = in[k]
	}
	return out
}

func sameSettings(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[strings.ToLower(k)]
		if !ok || fmt.Sprint(v) != fmt.Sprint(w) {
			return false
		}
	}
	return true
}
