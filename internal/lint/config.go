package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/regularfile"
)

// Tests replace these to drive the CLI with their own analyzers.
var (
	configureAnalyzers = analyzers.Configure
	allAnalyzers       = analyzers.All
)

// FindConfig loads relguard.yaml from the module or repository root that
// contains dir (the defaults when there is none).
//
// The module root is the directory of the nearest go.mod at or above dir;
// when it holds no relguard.yaml, the root of the enclosing git repository
// is tried.
func FindConfig(dir string) (*config.Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve directory %q: %v", dir, err)
	}
	for _, marker := range []string{"go.mod", ".git"} {
		root := findUp(abs, marker)
		if root == "" {
			continue
		}
		path := filepath.Join(root, config.FileName)
		if _, err := os.Lstat(path); err == nil {
			return config.Load(path)
		}
	}
	return config.Default(), nil
}

// findUp returns the nearest directory at or above dir that contains name.
func findUp(dir, name string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// SelectAnalyzers builds fresh analyzers configured by cfg's lint: section,
// then narrowed by enable/disable (analyzer names; "none" in enable selects
// none). A non-empty enable is the exact set to run, replacing the
// configuration's enable list; disable adds to the configuration's.
func SelectAnalyzers(cfg *config.Config, enable, disable []string) ([]*analysis.Analyzer, error) {
	return selectAnalyzers(cfg, selection{only: enable, disable: disable})
}

// selection is what the command line says about which analyzers run.
type selection struct {
	only    []string // --analyzers: exactly these ("none" for none); overrides the configuration
	enable  []string // --enable: in addition to the configured set
	disable []string // --disable: removed from the result
}

func selectAnalyzers(cfg *config.Config, sel selection) ([]*analysis.Analyzer, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	configured, err := configureSettings(cfg)
	if err != nil {
		return nil, err
	}
	known := make([]string, 0, len(configured))
	byName := map[string]*analysis.Analyzer{}
	for _, a := range configured {
		known = append(known, a.Name)
		byName[a.Name] = a
	}
	check := func(names []string, allowNone bool) error {
		for _, n := range names {
			if byName[n] == nil && !(allowNone && n == "none") {
				return fmt.Errorf("unknown analyzer %s (known: %s)", excerpt.Quote(n), strings.Join(known, ", "))
			}
		}
		return nil
	}
	configError := func(key string, err error) error {
		return &config.Error{Path: cfg.Path, Line: lintKeyLine(cfg.Path, key), Msg: "lint." + key + ": " + err.Error()}
	}
	if err := check(cfg.Lint.Enable, false); err != nil {
		return nil, configError("enable", err)
	}
	if err := check(cfg.Lint.Disable, false); err != nil {
		return nil, configError("disable", err)
	}
	if err := check(sel.only, true); err != nil {
		return nil, err
	}
	if err := check(sel.enable, false); err != nil {
		return nil, err
	}
	if err := check(sel.disable, false); err != nil {
		return nil, err
	}

	on := map[string]bool{}
	switch {
	case len(sel.only) > 0:
		for _, n := range sel.only {
			on[n] = n != "none"
		}
		if slices.Contains(sel.only, "none") && len(sel.only) > 1 {
			return nil, fmt.Errorf(`"none" cannot be combined with analyzer names`)
		}
	default:
		for _, n := range known {
			on[n] = len(cfg.Lint.Enable) == 0 || slices.Contains(cfg.Lint.Enable, n)
		}
		for _, n := range cfg.Lint.Disable {
			on[n] = false
		}
		for _, n := range sel.enable {
			on[n] = true
		}
	}
	for _, n := range sel.disable {
		on[n] = false
	}
	var out []*analysis.Analyzer
	for _, a := range configured {
		if on[a.Name] {
			out = append(out, a)
		}
	}
	if len(out) == 0 && !slices.Contains(sel.only, "none") {
		// Running nothing and exiting 0 would be a silent pass.
		return nil, fmt.Errorf("no analyzer is left to run once the disabled ones are removed (known: %s); enable one, or pass --analyzers none to only load and type-check the packages", strings.Join(known, ", "))
	}
	return out, nil
}

// configureSettings applies the lint: settings, turning an error into one
// that names the configuration file and the offending key's line.
func configureSettings(cfg *config.Config) ([]*analysis.Analyzer, error) {
	as, err := configureAnalyzers(cfg.Lint.Settings)
	if err == nil {
		return as, nil
	}
	// Find the key at fault by trying each on its own, so the error can
	// point at its line.
	keys := make([]string, 0, len(cfg.Lint.Settings))
	for k := range cfg.Lint.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	line := 0
	for _, k := range keys {
		if _, e := configureAnalyzers(map[string]any{k: cfg.Lint.Settings[k]}); e != nil {
			line = lintKeyLine(cfg.Path, k)
			break
		}
	}
	return nil, &config.Error{Path: cfg.Path, Line: line, Msg: "lint: " + err.Error()}
}

// lintKeyLine returns the line of key inside the lint: mapping of the YAML
// file at path, or 0 when it cannot be found.
func lintKeyLine(path, key string) int {
	if path == "" {
		return 0
	}
	data, err := regularfile.Read(path, 0)
	if err != nil {
		return 0
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil || len(doc.Content) == 0 {
		return 0
	}
	lint := mappingValue(doc.Content[0], "lint")
	if lint == nil {
		return 0
	}
	for i := 0; i+1 < len(lint.Content); i += 2 {
		if lint.Content[i].Value == key {
			return lint.Content[i].Line
		}
	}
	return lint.Line
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
