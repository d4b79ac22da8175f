// Package bump computes the edits that set a release's version in a
// project's files: version fields, own image tags, lock files and the
// changelog.
//
// Every edit is a splice: the byte span of one token is located with a
// parser for the file's format and replaced, and every other byte of the
// file — key order, indentation, quotes, comments, line endings, a byte
// order mark, the final newline — stays as it was. Nothing is
// re-serialised. The package never touches the disk except in Write; which
// files and fields to edit is decided by the caller.
package bump

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/relguard/relguard/internal/release/versionfile"
)

// Syntax says how a version field is written, and so how to find it.
type Syntax int

// The syntaxes.
const (
	// JSON: Key is the dotted path of a string ("version").
	JSON Syntax = iota + 1
	// TOML: Key is the dotted path of a string ("project.version",
	// "workspace.package.version"); tables, dotted keys and inline tables
	// all count.
	TOML
	// YAML: Key is the dotted path of a scalar ("appVersion"); an alias
	// edits its anchor.
	YAML
	// Plain: the whole file is the version (VERSION).
	Plain
	// Regex: the first capture group of Regex, or its whole match; it must
	// match exactly once.
	Regex
	// GoConst: a Go `const` or `var` named Key (default Version) set to a
	// string literal.
	GoConst
	// Python: a module-level assignment `NAME = "…"` with NAME in Key
	// (default __version__).
	Python
	// INI: a setup.cfg-style file; Key is "section.option" (default
	// "metadata.version").
	INI
)

var syntaxNames = map[Syntax]string{JSON: "JSON", TOML: "TOML", YAML: "YAML", Plain: "plain", Regex: "regex", GoConst: "Go", Python: "Python", INI: "INI"}

func (s Syntax) String() string {
	if n, ok := syntaxNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Syntax(%d)", int(s))
}

// Target is one version field to set.
type Target struct {
	// Path is the file, repository-relative and slash-separated.
	Path   string
	Syntax Syntax
	// Key is the field's dotted key path (JSON, TOML, YAML, INI) or the
	// identifier (GoConst, Python).
	Key string
	// Regex is the pattern of a Regex target.
	Regex string
	// Line is where the reader found the value (1-based), for messages
	// and as a cross-check; 0 when unknown.
	Line int
	// Old is the value the reader found, as written without quotes; the
	// located token must hold exactly this. Empty skips the cross-check.
	Old string
	// Packages names the packages whose version this field sets (a
	// package.json's name, the crates inheriting a Cargo workspace
	// version, a pyproject's project name), for the lock files.
	Packages []string
}

// Location names a target in messages.
func (t Target) Location() string {
	if t.Line > 0 {
		return fmt.Sprintf("%s:%d", t.Path, t.Line)
	}
	return t.Path
}

// Field names what a target sets, for the summary.
func (t Target) Field() string {
	switch t.Syntax {
	case Plain:
		return "version"
	case Regex:
		return "regex match"
	case GoConst:
		return "const " + orDefault(t.Key, "Version")
	case Python:
		return orDefault(t.Key, "__version__")
	case INI:
		return orDefault(t.Key, "metadata.version")
	}
	return t.Key
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Splice replaces Data[Start:End] of a file with Text.
type Splice struct {
	Start, End int
	Text       string
}

// Change is one edit, for the summary.
type Change struct {
	Path string
	Line int
	// What names the field ("version", "image applylens/web", "changelog").
	What     string
	Old, New string
}

// Error is an edit that cannot be made: the file does not parse, or the
// field is not where the reader said.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

func errorf(path string, line int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Plan collects the edits of one run over many files. Splices that touch
// the same span with the same text (two fields read through one YAML
// anchor, crates inheriting one workspace version) count once; different
// texts for one span are an error.
type Plan struct {
	read    func(path string) ([]byte, error)
	files   map[string]*fileEdit
	Changes []Change
	// Notes are things left for the user: a lock file to refresh with its
	// tool, an image tag that is not a version.
	Notes []string
}

type fileEdit struct {
	original []byte
	splices  []Splice
	// replaced is set when the whole content is replaced (a new file).
	replaced []byte
	created  bool
}

// NewPlan returns a plan that reads the original files with read.
func NewPlan(read func(path string) ([]byte, error)) *Plan {
	return &Plan{read: read, files: map[string]*fileEdit{}}
}

// Read returns a file's original content, read once.
func (p *Plan) Read(path string) ([]byte, error) {
	if f, ok := p.files[path]; ok {
		return f.original, nil
	}
	data, err := p.read(path)
	if err != nil {
		return nil, err
	}
	p.files[path] = &fileEdit{original: data}
	return data, nil
}

// Note records a note for the user, once however many edits lead to it.
func (p *Plan) Note(note string) {
	for _, n := range p.Notes {
		if n == note {
			return
		}
	}
	p.Notes = append(p.Notes, note)
}

// Add records a splice in a file already read.
func (p *Plan) Add(path string, s Splice) error {
	_, err := p.addSplice(path, s)
	return err
}

// addSplice is Add, reporting whether the splice is new rather than one
// already recorded (two references through one .env variable).
func (p *Plan) addSplice(path string, s Splice) (bool, error) {
	f, ok := p.files[path]
	if !ok {
		return false, fmt.Errorf("%s: internal error: splice before read", path)
	}
	if s.Start < 0 || s.End < s.Start || s.End > len(f.original) {
		return false, fmt.Errorf("%s: internal error: splice %d-%d outside the file", path, s.Start, s.End)
	}
	for _, o := range f.splices {
		if o.Start == s.Start && o.End == s.End {
			if o.Text == s.Text {
				return false, nil
			}
			return false, errorf(path, versionfile.LineAt(f.original, s.Start), "two edits disagree on the same text (%q and %q)", o.Text, s.Text)
		}
		if s.Start < o.End && o.Start < s.End {
			return false, errorf(path, versionfile.LineAt(f.original, s.Start), "two edits overlap")
		}
	}
	f.splices = append(f.splices, s)
	return true, nil
}

// Create records a new file with the given content.
func (p *Plan) Create(path string, data []byte) {
	p.files[path] = &fileEdit{replaced: data, created: true}
}

// File is one file's outcome.
type File struct {
	Path     string
	Original []byte
	Data     []byte
	Created  bool
}

// Files returns the files whose content changes, sorted by path.
func (p *Plan) Files() []File {
	var out []File
	for path, f := range p.files {
		var data []byte
		switch {
		case f.created:
			data = f.replaced
		case len(f.splices) == 0:
			continue
		default:
			data = apply(f.original, f.splices)
		}
		if !f.created && bytes.Equal(data, f.original) {
			continue
		}
		out = append(out, File{Path: path, Original: f.original, Data: data, Created: f.created})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Content returns a file's content after the plan: the edited bytes, or
// the original when it is not edited.
func (p *Plan) Content(path string) ([]byte, bool) {
	f, ok := p.files[path]
	if !ok {
		return nil, false
	}
	if f.created {
		return f.replaced, true
	}
	return apply(f.original, f.splices), true
}

func apply(data []byte, splices []Splice) []byte {
	ss := append([]Splice(nil), splices...)
	sort.Slice(ss, func(i, j int) bool { return ss[i].Start < ss[j].Start })
	var b bytes.Buffer
	b.Grow(len(data))
	at := 0
	for _, s := range ss {
		b.Write(data[at:s.Start])
		b.WriteString(s.Text)
		at = s.End
	}
	b.Write(data[at:])
	return b.Bytes()
}

// SetVersion locates t's field in its file and records the splice that
// writes version there. It returns false when the field already holds it.
func (p *Plan) SetVersion(t Target, version string) (bool, error) {
	data, err := p.Read(t.Path)
	if err != nil {
		return false, err
	}
	tok, err := Locate(data, t)
	if err != nil {
		return false, err
	}
	if t.Old != "" && tok.Value != t.Old {
		return false, errorf(t.Path, tok.Line, "%s holds %q, but the release guard read %q there; re-run after fixing the file", t.Field(), tok.Value, t.Old)
	}
	if tok.Value == version {
		return false, nil
	}
	if err := p.Add(t.Path, Splice{Start: tok.Start, End: tok.End, Text: version}); err != nil {
		return false, err
	}
	p.Changes = append(p.Changes, Change{Path: t.Path, Line: tok.Line, What: t.Field(), Old: tok.Value, New: version})
	return true, nil
}

// Token is a located version token: the bytes Start:End of the file are
// the value's text inside its quotes, and Value is what they mean.
type Token struct {
	Start, End int
	Value      string
	Line       int
}

// Locate finds the version token of a target in data.
func Locate(data []byte, t Target) (Token, error) {
	var tok Token
	var err error
	switch t.Syntax {
	case JSON:
		tok, err = locateJSON(data, orDefault(t.Key, "version"))
	case TOML:
		tok, err = locateTOML(data, orDefault(t.Key, "version"))
	case YAML:
		tok, err = locateYAML(data, orDefault(t.Key, "version"))
	case Plain:
		tok, err = locatePlain(data)
	case Regex:
		tok, err = locateRegex(data, t.Regex)
	case GoConst:
		tok, err = locateGo(data, orDefault(t.Key, "Version"))
	case Python:
		tok, err = locatePython(data, orDefault(t.Key, "__version__"))
	case INI:
		tok, err = locateINI(data, orDefault(t.Key, "metadata.version"))
	default:
		return Token{}, errorf(t.Path, 0, "unknown syntax %v", t.Syntax)
	}
	if err != nil {
		if le, ok := err.(*locateError); ok {
			return Token{}, &Error{Path: t.Path, Line: le.line, Msg: le.msg}
		}
		return Token{}, &Error{Path: t.Path, Msg: err.Error()}
	}
	tok.Line = versionfile.LineAt(data, tok.Start)
	return tok, nil
}

// locateError is a locator's failure, before it is given the file's path.
type locateError struct {
	line int
	msg  string
}

func (e *locateError) Error() string { return e.msg }

func failAt(line int, format string, args ...any) error {
	return &locateError{line: line, msg: fmt.Sprintf(format, args...)}
}

// located gives a versionfile locator's error the form of a locator's
// failure here, so that Locate adds the path and keeps the line.
func located(err error) error {
	var e *versionfile.Error
	if errors.As(err, &e) {
		return failAt(e.Line, "%s", e.Msg)
	}
	return err
}

var utf8BOM = []byte("\xef\xbb\xbf")

// stripBOM returns data without a UTF-8 byte order mark and the number of
// bytes dropped, which callers add back to the offsets they find.
func stripBOM(data []byte) ([]byte, int) {
	if bytes.HasPrefix(data, utf8BOM) {
		return data[len(utf8BOM):], len(utf8BOM)
	}
	return data, 0
}

// lineEnding is the file's line ending: CRLF when its first line ends so.
func lineEnding(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

func splitPath(key string) []string { return strings.Split(key, ".") }
