package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// A directive is a parsed suppression comment.
type directive struct {
	all     bool     // bare //nolint, //nolint:all, //nolint:relguard
	names   []string // lower-case analyzer names otherwise
	column  int      // where the comment starts, to tell trailing from own-line comments
	problem string   // why a //relguard:ignore is malformed (it then suppresses nothing)
}

func (d directive) covers(analyzer string) bool {
	if d.problem != "" {
		return false
	}
	if d.all {
		return true
	}
	for _, n := range d.names {
		if n == strings.ToLower(analyzer) {
			return true
		}
	}
	return false
}

// parseDirective recognises golangci-lint's //nolint syntax (no space after
// the slashes, a comma list after the colon, anything after whitespace is
// an explanation) and //relguard:ignore NAMES REASON.
func parseDirective(text string) (directive, bool) {
	if rest, ok := strings.CutPrefix(text, "//nolint"); ok {
		if rest == "" || startsWithSpace(rest) {
			return directive{all: true}, true
		}
		list, ok := strings.CutPrefix(rest, ":")
		if !ok {
			return directive{}, false // e.g. //nolintfoo
		}
		if i := strings.IndexAny(list, " \t"); i >= 0 {
			list = list[:i]
		}
		var d directive
		for _, n := range strings.Split(list, ",") {
			n = strings.ToLower(strings.TrimSpace(n))
			switch n {
			case "":
			case "all", "relguard":
				d.all = true
			default:
				d.names = append(d.names, n)
			}
		}
		if !d.all && len(d.names) == 0 {
			return directive{}, false
		}
		return d, true
	}
	if rest, ok := strings.CutPrefix(text, "//relguard:ignore"); ok {
		if rest != "" && !startsWithSpace(rest) {
			return directive{}, false // e.g. //relguard:ignored
		}
		fields := strings.Fields(rest)
		switch len(fields) {
		case 0:
			return directive{problem: "//relguard:ignore needs an analyzer name and a reason, e.g. //relguard:ignore ambigtype <why this is safe>; the comment suppresses nothing"}, true
		case 1:
			return directive{problem: fmt.Sprintf("//relguard:ignore %s needs a reason after the analyzer name; the comment suppresses nothing", fields[0])}, true
		}
		var d directive
		for _, n := range strings.Split(fields[0], ",") {
			if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
				d.names = append(d.names, n)
			}
		}
		return d, true
	}
	return directive{}, false
}

func startsWithSpace(s string) bool { return s[0] == ' ' || s[0] == '\t' }

type lineKey struct {
	file string
	line int
}

// suppressor indexes the suppression comments of one analysed package.
type suppressor struct {
	readFile   func(string) ([]byte, error) // the content the package was analysed with
	directives map[lineKey][]directive
	sources    map[string][][]byte // file -> lines, read on demand
}

func newSuppressor(readFile func(string) ([]byte, error)) *suppressor {
	return &suppressor{
		readFile:   readFile,
		directives: map[lineKey][]directive{},
		sources:    map[string][][]byte{},
	}
}

func (s *suppressor) index(fset *token.FileSet, files []*ast.File) {
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := parseDirective(c.Text)
				if !ok {
					continue
				}
				// Positions are the ones diagnostics use (after //line
				// directives), so the two always agree.
				p := fset.Position(c.Slash)
				d.column = p.Column
				k := lineKey{p.Filename, p.Line}
				if !containsDirectiveAt(s.directives[k], d.column) {
					s.directives[k] = append(s.directives[k], d)
				}
			}
		}
	}
}

func containsDirectiveAt(ds []directive, col int) bool {
	for _, d := range ds {
		if d.column == col {
			return true
		}
	}
	return false
}

// suppressed reports whether a directive on the diagnostic's line, or an
// own-line directive on the line above, hides it. A trailing comment on
// the line above belongs to that line's code, so it does not count.
func (s *suppressor) suppressed(d Diagnostic) bool {
	for _, dir := range s.directives[lineKey{d.File, d.Line}] {
		if dir.covers(d.Analyzer) {
			return true
		}
	}
	for _, dir := range s.directives[lineKey{d.File, d.Line - 1}] {
		if dir.covers(d.Analyzer) && s.ownLine(d.File, d.Line-1, dir.column) {
			return true
		}
	}
	return false
}

// ownLine reports whether only blanks precede column col on the line.
func (s *suppressor) ownLine(file string, line, col int) bool {
	lines, ok := s.sources[file]
	if !ok {
		data, err := s.readFile(file)
		if err != nil {
			data = nil
		}
		lines = bytes.Split(data, []byte("\n"))
		s.sources[file] = lines
	}
	if line < 1 || line > len(lines) {
		return false
	}
	text := lines[line-1]
	if col-1 > len(text) {
		return false
	}
	return len(bytes.TrimSpace(text[:col-1])) == 0
}

// warning is a malformed directive, reported so that a suppression that
// silently does nothing gets noticed.
type warning struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func (s *suppressor) warnings() []warning {
	var out []warning
	for k, ds := range s.directives {
		for _, d := range ds {
			if d.problem != "" {
				out = append(out, warning{k.file, k.line, d.column, d.problem})
			}
		}
	}
	sortWarnings(out)
	return out
}

func sortWarnings(ws []warning) {
	slices.SortFunc(ws, func(a, b warning) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}
