// Package analyzers lists relguard's analyzers and applies settings to them.
//
// Every driver (the relguard CLI, go vet -vettool, the golangci-lint plugin)
// builds its analyzers here so that they all accept the same settings keys.
package analyzers

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/analyzers/ambigtype"
	"github.com/relguard/relguard/analyzers/cookiesec"
)

// All returns fresh instances of every relguard analyzer with default flags.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		ambigtype.NewAnalyzer(),
		cookiesec.NewAnalyzer(),
	}
}

// Names returns the names of all analyzers, in the order of All.
func Names() []string {
	var names []string
	for _, a := range All() {
		names = append(names, a.Name)
	}
	return names
}

// Configure returns fresh analyzers with settings applied.
//
// Keys have the multichecker spelling "<analyzer>.<flag>", e.g.
// "ambigtype.names". A value may be a string, bool or number, or a list of
// them; each list element is passed to the flag's Set method in turn, so
// repeatable flags such as ambigtype.alias take one element per mapping.
// An unknown analyzer or flag is an error naming the key.
func Configure(settings map[string]any) ([]*analysis.Analyzer, error) {
	all := All()
	byName := make(map[string]*analysis.Analyzer, len(all))
	for _, a := range all {
		byName[a.Name] = a
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		name, flagName, ok := strings.Cut(key, ".")
		a := byName[name]
		if !ok || a == nil {
			return nil, fmt.Errorf("unknown setting %q: keys are <analyzer>.<flag> with analyzer one of %s", key, strings.Join(Names(), ", "))
		}
		f := a.Flags.Lookup(flagName)
		if f == nil {
			return nil, fmt.Errorf("unknown setting %q: analyzer %s has no flag %q (flags: %s)", key, name, flagName, strings.Join(flagNames(&a.Flags), ", "))
		}
		values, err := settingValues(settings[key])
		if err != nil {
			return nil, fmt.Errorf("setting %q: %v", key, err)
		}
		for _, v := range values {
			if err := f.Value.Set(v); err != nil {
				return nil, fmt.Errorf("setting %q: invalid value %q: %v", key, v, err)
			}
		}
	}
	return all, nil
}

func settingValues(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, fmt.Errorf("missing value")
	case string, bool, int, int64, uint64, float64:
		return []string{fmt.Sprint(v)}, nil
	case []string:
		return v, nil
	case []any:
		var out []string
		for _, e := range v {
			s, err := settingValues(e)
			if err != nil {
				return nil, err
			}
			if len(s) != 1 {
				return nil, fmt.Errorf("nested lists are not allowed")
			}
			out = append(out, s...)
		}
		return out, nil
	case map[string]any, map[any]any:
		return nil, fmt.Errorf("want a string, bool, number or list, got a mapping")
	default:
		return nil, fmt.Errorf("want a string, bool, number or list, got %v", v)
	}
}

func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}
