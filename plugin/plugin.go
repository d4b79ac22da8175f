// Package plugin registers relguard's analyzers as a golangci-lint v2 module
// plugin named "relguard".
//
// Build a custom golangci-lint that imports this package (golangci-lint
// custom, or hooks/build-golangci-lint.sh without git access), then enable it
// in .golangci.yml:
//
//	linters:
//	  enable: [relguard]
//	  settings:
//	    custom:
//	      relguard:
//	        type: module
//	        settings:
//	          ambigtype.names: [Session, Token]
//	          cookiesec.session-names: [session_id]
//
// The settings keys are those of relguard.yaml's lint: section.
package plugin

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/analyzers"
)

// Name is the linter name to use under linters.settings.custom and in
// //nolint comments.
const Name = "relguard"

func init() {
	register.Plugin(Name, New)
}

// Plugin is relguard's golangci-lint module plugin.
type Plugin struct {
	settings map[string]any
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the plugin settings. Both spellings of a key are accepted:
// "ambigtype.names: [...]" and the nested "ambigtype: {names: [...]}" that
// golangci-lint's configuration loader turns dotted keys into; one key in
// both spellings is an error. Unknown keys are rejected here so that a typo
// fails the run instead of turning a check off.
func New(conf any) (register.LinterPlugin, error) {
	raw, err := register.DecodeSettings[map[string]any](conf)
	if err != nil {
		return nil, fmt.Errorf("relguard settings must be a mapping of <analyzer>.<flag> keys to values: %v", err)
	}
	flat := make(map[string]any)
	if err := flatten("", raw, flat); err != nil {
		return nil, err
	}
	// golangci-lint merges the two spellings before they get here; only
	// its configuration file still shows a key given twice.
	dir, _ := os.Getwd()
	home, _ := os.UserHomeDir()
	if err := spelledTwice(os.Args[1:], dir, home, flat); err != nil {
		return nil, err
	}
	// Build once now to report bad keys and values at configuration time.
	if _, err := analyzers.Configure(flat); err != nil {
		return nil, fmt.Errorf("relguard settings: %v", err)
	}
	return &Plugin{settings: flat}, nil
}

// BuildAnalyzers returns fresh analyzers with the settings applied.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	as, err := analyzers.Configure(p.settings)
	if err != nil {
		return nil, fmt.Errorf("relguard settings: %v", err)
	}
	for i, a := range as {
		as[i] = withoutRelated(a)
	}
	return as, nil
}

// withoutRelated returns a copy of a whose diagnostics carry no related
// information. golangci-lint turns every related position into an issue of
// its own, which doubles the report and escapes the //nolint:relguard on the
// reported line; relguard lint and go vet still show them.
func withoutRelated(a *analysis.Analyzer) *analysis.Analyzer {
	wrapped := *a
	run := a.Run
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			report(d)
		}
		inner.Analyzer = a
		return run(&inner)
	}
	return &wrapped
}

// GetLoadMode asks for type information: both analyzers resolve imported
// packages and types.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// flatten turns nested mappings into dotted keys. A key given in both
// spellings is an error rather than a silent merge.
func flatten(prefix string, in map[string]any, out map[string]any) error {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("relguard settings: empty key under %q", prefix)
		}
		if nested, ok := in[k].(map[string]any); ok {
			if err := flatten(key, nested, out); err != nil {
				return err
			}
			continue
		}
		if _, dup := out[key]; dup {
			return &twiceError{key}
		}
		out[key] = in[k]
	}
	return nil
}

// twiceError is a settings key given both dotted and nested.
type twiceError struct{ key string }

func (e *twiceError) Error() string {
	return fmt.Sprintf("relguard settings: key %q is given twice (once dotted, once nested); keep one", e.key)
}
