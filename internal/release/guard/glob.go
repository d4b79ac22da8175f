package guard

import (
	"fmt"
	"regexp"
	"strings"
)

// Glob is a compiled path or branch pattern: `*` and `?` stop at `/`,
// `**` crosses directories, `[abc]`/`[!abc]` are classes.
type Glob struct {
	pattern string
	re      *regexp.Regexp
	dirOnly bool // the pattern ended in "/"
	// anchored patterns (with a slash) match from the root; others match
	// any path component.
	anchored bool
}

// CompileGlob compiles a pattern; a malformed class is an error.
func CompileGlob(pattern string) (*Glob, error) {
	if strings.TrimSpace(pattern) == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	g := &Glob{pattern: pattern}
	p := pattern
	if strings.HasSuffix(p, "/") && len(p) > 1 {
		g.dirOnly = true
		p = strings.TrimRight(p, "/")
	}
	if strings.HasPrefix(p, "/") && len(p) > 1 {
		p = p[1:]
		g.anchored = true
	}
	g.anchored = g.anchored || strings.Contains(p, "/")
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				i++
				if i+1 < len(p) && p[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			end := strings.IndexByte(p[i+1:], ']')
			if end < 0 {
				return nil, fmt.Errorf("pattern %q has an unclosed [", pattern)
			}
			class := p[i+1 : i+1+end]
			if class == "" || class == "!" || class == "^" {
				return nil, fmt.Errorf("pattern %q has an empty character class", pattern)
			}
			if class[0] == '!' {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteString(regexp.QuoteMeta(p[i : i+1]))
			} else {
				b.WriteString(`\\`)
			}
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("pattern %q is malformed: %v", pattern, err)
	}
	g.re = re
	return g, nil
}

// String returns the pattern as written.
func (g *Glob) String() string { return g.pattern }

// MatchName matches the whole name, as for a branch: `release/*` matches
// `release/0.5` but not `release/0.5/fix`.
func (g *Glob) MatchName(name string) bool {
	return !g.dirOnly && g.re.MatchString(name)
}

// MatchPath matches a repository-relative file path the way .gitignore
// does: a pattern without a slash matches any path component (`*.lock`,
// `node_modules`), a pattern with one is anchored at the root, and a match
// on a directory covers every file below it (`dist/`, `docs/**`).
func (g *Glob) MatchPath(name string) bool {
	parts := strings.Split(name, "/")
	if !g.anchored {
		for i, part := range parts {
			if g.dirOnly && i == len(parts)-1 {
				break
			}
			if g.re.MatchString(part) {
				return true
			}
		}
		return false
	}
	for i := range parts {
		if g.dirOnly && i == len(parts)-1 {
			break
		}
		if g.re.MatchString(strings.Join(parts[:i+1], "/")) {
			return true
		}
	}
	return false
}
