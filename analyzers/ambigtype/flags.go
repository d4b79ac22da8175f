package ambigtype

import (
	"fmt"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// nameList is the value of -names. The first Set replaces the default so
// that "-names=A -names=B" and "-names=A,B" both mean {A, B}, which is how
// analyzers.Configure passes list settings.
type nameList struct {
	names    []string
	replaced bool
}

func (l *nameList) String() string { return strings.Join(l.names, ",") }

func (l *nameList) Set(value string) error {
	var parsed []string
	for part := range strings.SplitSeq(value, ",") {
		name := strings.TrimSpace(part)
		if name == "" {
			return fmt.Errorf("empty type name in %q: list Go type names separated by commas, or * for every exported type", value)
		}
		if name != "*" && !token.IsIdentifier(name) {
			return fmt.Errorf("invalid type name %q: use a Go identifier such as Session, or * for every exported type", name)
		}
		parsed = append(parsed, name)
	}
	if !l.replaced {
		l.names, l.replaced = nil, true
	}
	l.names = append(l.names, parsed...)
	return nil
}

// aliasMapping is one importas-style "path:alias" rule. The path is an
// anchored regular expression; the alias may refer to its groups ($1).
type aliasMapping struct {
	source  string
	pattern *regexp.Regexp
	alias   string
}

// aliasFor returns the alias the mapping demands for importPath.
func (m aliasMapping) aliasFor(importPath string) (string, bool) {
	match := m.pattern.FindStringSubmatchIndex(importPath)
	if match == nil {
		return "", false
	}
	alias := string(m.pattern.ExpandString(nil, m.alias, importPath, match))
	if !token.IsIdentifier(alias) || alias == "_" {
		return "", false
	}
	return alias, true
}

// aliasList is the value of the repeatable -alias flag.
type aliasList struct {
	mappings []aliasMapping
}

func (l *aliasList) String() string {
	var parts []string
	for _, m := range l.mappings {
		parts = append(parts, m.source)
	}
	return strings.Join(parts, ",")
}

// Repeatable tells drivers that each -alias adds mappings, so that a
// command-line -alias adds to the configuration file's rather than
// replacing them.
func (l *aliasList) Repeatable() bool { return true }

func (l *aliasList) Set(value string) error {
	parts := splitOutsideGroups(value)
	var parsed []aliasMapping
	for _, part := range parts {
		m, err := parseAliasMapping(strings.TrimSpace(part))
		if err != nil {
			return err
		}
		parsed = append(parsed, m)
	}
	l.mappings = append(l.mappings, parsed...)
	return nil
}

// splitOutsideGroups splits on commas that are not inside (), [] or {}, so
// that a path regexp such as `v\d{1,2}` survives comma-separated lists.
func splitOutsideGroups(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped character never opens or closes a group
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

var aliasTemplate = regexp.MustCompile(`^(?:[\p{L}_\p{Nd}]|\$\d+|\$\{\d+\})+$`)

func parseAliasMapping(s string) (aliasMapping, error) {
	colon := strings.LastIndex(s, ":")
	if colon < 0 {
		return aliasMapping{}, fmt.Errorf("alias %q has no colon: write path:alias, e.g. example.com/app/models:usermodels", s)
	}
	path, alias := s[:colon], s[colon+1:]
	if path == "" {
		return aliasMapping{}, fmt.Errorf("alias %q has an empty path: write path:alias, e.g. example.com/app/models:usermodels", s)
	}
	if alias == "" {
		return aliasMapping{}, fmt.Errorf("alias %q has an empty alias: write path:alias, e.g. example.com/app/models:usermodels", s)
	}
	if !aliasTemplate.MatchString(alias) || (!strings.Contains(alias, "$") && (!token.IsIdentifier(alias) || alias == "_")) {
		return aliasMapping{}, fmt.Errorf("alias %q in %q is not a Go identifier: use letters, digits, _ and $1-style group references", alias, s)
	}
	re, err := regexp.Compile("^(?:" + path + ")$")
	if err != nil {
		return aliasMapping{}, fmt.Errorf("invalid path regexp %q: %s", path, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return aliasMapping{source: s, pattern: re, alias: alias}, nil
}

// familySize is the value of -family: the number of sibling packages from
// outside the module at which a collision counts as a deliberate family.
type familySize struct{ n int }

func (f *familySize) String() string { return strconv.Itoa(f.n) }

func (f *familySize) Set(value string) error {
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < 2 {
		return fmt.Errorf("invalid family size %q: use a whole number of at least 2", value)
	}
	f.n = n
	return nil
}
