// Package nginx parses nginx configuration files, follows their include
// directives inside the repository, and computes the response headers
// that each server, location and if block effectively sends.
package nginx

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Directive is one directive, with its block when it has one.
type Directive struct {
	Name string
	Args []string
	// File is the repository-relative file the directive is written in.
	File string
	Line int
	// Block holds the directives inside { }; HasBlock tells an empty
	// block from a simple directive.
	Block    []*Directive
	HasBlock bool
}

// Error is a syntax error.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// maxNesting bounds block nesting in one file.
const maxNesting = 100

// maxVariable bounds the length of a ${name} reference.
const maxVariable = 256

type tokenKind int

const (
	tokWord tokenKind = iota
	tokOpen
	tokClose
	tokSemi
	tokEOF
)

type token struct {
	kind tokenKind
	text string
	line int
}

type lexer struct {
	data []byte
	pos  int
	line int
	file string
}

func (l *lexer) next() (token, error) {
	// Skip blanks and comments.
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		switch {
		case c == '\n':
			l.line++
			l.pos++
		case c == ' ' || c == '\t' || c == '\r':
			l.pos++
		case c == '#':
			for l.pos < len(l.data) && l.data[l.pos] != '\n' {
				l.pos++
			}
		default:
			goto tok
		}
	}
	return token{kind: tokEOF, line: l.line}, nil
tok:
	line := l.line
	switch c := l.data[l.pos]; c {
	case '{':
		l.pos++
		return token{tokOpen, "{", line}, nil
	case '}':
		l.pos++
		return token{tokClose, "}", line}, nil
	case ';':
		l.pos++
		return token{tokSemi, ";", line}, nil
	case '"', '\'':
		l.pos++
		var b strings.Builder
		for l.pos < len(l.data) {
			d := l.data[l.pos]
			switch {
			case d == '\\' && l.pos+1 < len(l.data):
				// nginx keeps the backslash except before the quote itself.
				if n := l.data[l.pos+1]; n == c || n == '\\' {
					b.WriteByte(n)
				} else {
					b.WriteByte(d)
					b.WriteByte(n)
				}
				if l.data[l.pos+1] == '\n' {
					l.line++
				}
				l.pos += 2
				continue
			case d == c:
				l.pos++
				return token{tokWord, b.String(), line}, nil
			case d == '\n':
				l.line++
			}
			b.WriteByte(d)
			l.pos++
		}
		return token{}, &Error{File: l.file, Line: line, Msg: fmt.Sprintf("unterminated %c quote", c)}
	}
	var b strings.Builder
	for l.pos < len(l.data) {
		d := l.data[l.pos]
		if d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '{' || d == '}' {
			break
		}
		if d == '\\' && l.pos+1 < len(l.data) {
			b.WriteByte(d)
			b.WriteByte(l.data[l.pos+1])
			if l.data[l.pos+1] == '\n' {
				l.line++
			}
			l.pos += 2
			continue
		}
		// ${var} in a word may contain braces.
		if d == '$' && l.pos+1 < len(l.data) && l.data[l.pos+1] == '{' {
			// Variable names are short; a bounded window keeps a line full
			// of unclosed "${" linear.
			window := l.data[l.pos:min(len(l.data), l.pos+maxVariable)]
			end := bytes.IndexByte(window, '}')
			if end > 0 && bytes.IndexByte(window[:end], '\n') < 0 {
				b.Write(l.data[l.pos : l.pos+end+1])
				l.pos += end + 1
				continue
			}
		}
		b.WriteByte(d)
		l.pos++
	}
	return token{tokWord, b.String(), line}, nil
}

// Parse parses one configuration file without following includes. file
// is the name used in positions and errors.
func Parse(data []byte, file string) ([]*Directive, error) {
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, &Error{File: file, Line: 1, Msg: "binary data, not an nginx configuration"}
	}
	l := &lexer{data: data, line: 1, file: file}
	dirs, closed, err := parseBlock(l, 0)
	if err != nil {
		return nil, err
	}
	if closed {
		return nil, &Error{File: file, Line: l.line, Msg: `unexpected "}"`}
	}
	return dirs, nil
}

// parseBlock reads directives until a closing brace (closed = true) or
// the end of the input.
func parseBlock(l *lexer, depth int) (dirs []*Directive, closed bool, err error) {
	if depth > maxNesting {
		return nil, false, &Error{File: l.file, Line: l.line, Msg: "blocks nested too deeply"}
	}
	for {
		t, err := l.next()
		if err != nil {
			return nil, false, err
		}
		switch t.kind {
		case tokEOF:
			return dirs, false, nil
		case tokClose:
			return dirs, true, nil
		case tokOpen:
			return nil, false, &Error{File: l.file, Line: t.line, Msg: `unexpected "{" without a directive name`}
		case tokSemi:
			continue // an empty statement
		}
		d := &Directive{Name: t.text, File: l.file, Line: t.line}
		for {
			a, err := l.next()
			if err != nil {
				return nil, false, err
			}
			if a.kind == tokWord {
				d.Args = append(d.Args, a.text)
				continue
			}
			if a.kind == tokSemi {
				break
			}
			if a.kind == tokOpen {
				d.HasBlock = true
				inner, closedInner, err := parseBlock(l, depth+1)
				if err != nil {
					return nil, false, err
				}
				if !closedInner {
					return nil, false, &Error{File: l.file, Line: d.Line, Msg: fmt.Sprintf("%q block is not closed (missing \"}\")", d.Name)}
				}
				d.Block = inner
				break
			}
			if a.kind == tokClose {
				return nil, false, &Error{File: l.file, Line: a.line, Msg: fmt.Sprintf("unexpected \"}\": directive %q is missing its \";\"", d.Name)}
			}
			return nil, false, &Error{File: l.file, Line: d.Line, Msg: fmt.Sprintf("unexpected end of file: directive %q is missing its \";\"", d.Name)}
		}
		dirs = append(dirs, d)
	}
}

// ---- includes ----

// Limits on include expansion, so that a cycle or a glob over a large tree
// cannot make a check run away.
const (
	MaxIncludeDepth = 16
	MaxFiles        = 500
	// MaxDirectives bounds the expanded configuration: a file included
	// twice at each of several levels would otherwise grow exponentially.
	MaxDirectives = 200000
)

// Unresolved is an include that could not be followed inside the repository.
type Unresolved struct {
	File    string // the including file
	Line    int
	Pattern string // the include argument
	Reason  string
}

// Loader reads configuration files from a repository.
type Loader struct {
	// ReadFile reads a repository-relative file.
	ReadFile func(rel string) ([]byte, error)
	// Files lists the repository's files, for glob includes.
	Files func() ([]string, error)
}

// Config is a configuration with its includes expanded in place.
type Config struct {
	Directives []*Directive
	Unresolved []Unresolved
	// Files lists every file read, the root first.
	Files []string
}

// Load reads the configuration at root (repository-relative) and expands
// its includes. A relative include is looked up relative to the including
// file's directory, then relative to the root file's directory (nginx's
// own rule: paths are relative to the configuration prefix); an absolute
// /etc/nginx/… path is mapped to the root file's directory, as the repo's
// config directory is what gets deployed there (conf.d and sites-enabled
// includes also beside the root file); another absolute path is the
// repository file whose path ends it, if any. Anything else is reported
// in Unresolved rather than failing.
func (ld Loader) Load(root string) (*Config, error) {
	data, err := ld.ReadFile(root)
	if err != nil {
		return nil, err
	}
	dirs, err := Parse(data, root)
	if err != nil {
		return nil, err
	}
	st := &loadState{ld: ld, rootDir: path.Dir(root), cfg: &Config{Files: []string{root}}, parsed: map[string][]*Directive{root: dirs}}
	st.cfg.Directives, err = st.expand(dirs, []string{root})
	if err != nil {
		return nil, err
	}
	return st.cfg, nil
}

type loadState struct {
	ld      Loader
	rootDir string
	cfg     *Config
	parsed  map[string][]*Directive
	files   []string
	listed  bool
	count   int // directives expanded so far
}

func (st *loadState) expand(dirs []*Directive, stack []string) ([]*Directive, error) {
	var out []*Directive
	for _, d := range dirs {
		st.count++
		if st.count > MaxDirectives {
			return nil, &Error{File: d.File, Line: d.Line, Msg: fmt.Sprintf("the configuration expands to more than %d directives through its includes", MaxDirectives)}
		}
		if d.Name == "include" && !d.HasBlock {
			inc, err := st.include(d, stack)
			if err != nil {
				return nil, err
			}
			out = append(out, inc...)
			continue
		}
		if d.HasBlock {
			inner, err := st.expand(d.Block, stack)
			if err != nil {
				return nil, err
			}
			cp := *d
			cp.Block = inner
			d = &cp
		}
		out = append(out, d)
	}
	return out, nil
}

func (st *loadState) unresolved(d *Directive, pattern, reason string) {
	st.cfg.Unresolved = append(st.cfg.Unresolved, Unresolved{File: d.File, Line: d.Line, Pattern: pattern, Reason: reason})
}

func (st *loadState) include(d *Directive, stack []string) ([]*Directive, error) {
	if len(d.Args) != 1 {
		return nil, &Error{File: d.File, Line: d.Line, Msg: "include takes exactly one path"}
	}
	pattern := d.Args[0]
	if len(stack) > MaxIncludeDepth {
		st.unresolved(d, pattern, fmt.Sprintf("includes nested deeper than %d levels", MaxIncludeDepth))
		return nil, nil
	}
	type candidate struct {
		path string
		// beside: a conf.d or sites-enabled include looked up next to the
		// root file, where compose files and Dockerfiles often keep the
		// server blocks they mount into that directory.
		beside bool
	}
	var candidates []candidate
	switch {
	case strings.HasPrefix(pattern, "/etc/nginx/"):
		rest := strings.TrimPrefix(pattern, "/etc/nginx/")
		candidates = []candidate{{path: path.Join(st.rootDir, rest)}}
		for _, dir := range []string{"conf.d/", "sites-enabled/"} {
			if name, ok := strings.CutPrefix(rest, dir); ok && !strings.Contains(name, "/") &&
				(strings.HasSuffix(name, ".conf") || !strings.ContainsAny(name, "*?[")) {
				candidates = append(candidates, candidate{path: path.Join(st.rootDir, name), beside: true})
			}
		}
	case strings.HasPrefix(pattern, "/"):
		f, err := st.byTail(pattern)
		if err != nil {
			return nil, err
		}
		if f == "" {
			st.unresolved(d, pattern, "is an absolute path outside the repository")
			return nil, nil
		}
		candidates = []candidate{{path: f}}
	default:
		candidates = []candidate{{path: path.Join(path.Dir(d.File), pattern)}}
		if alt := path.Join(st.rootDir, pattern); alt != candidates[0].path {
			candidates = append(candidates, candidate{path: alt})
		}
	}
	var files []string
	inside := 0
	for _, c := range candidates {
		if c.path == ".." || strings.HasPrefix(c.path, "../") {
			continue
		}
		inside++
		matched, err := st.match(c.path)
		if err != nil {
			return nil, err
		}
		if c.beside {
			// The files beside the root are candidates, not the root
			// itself nor any file already being expanded.
			matched = slices.DeleteFunc(matched, func(f string) bool { return contains(stack, f) || path.Base(f) == "nginx.conf" })
		}
		if len(matched) > 0 {
			files = matched
			break
		}
	}
	if inside == 0 {
		st.unresolved(d, pattern, "points outside the repository")
		return nil, nil
	}
	if len(files) == 0 {
		st.unresolved(d, pattern, "matches no file in the repository")
		return nil, nil
	}
	var out []*Directive
	for _, f := range files {
		if contains(stack, f) {
			st.unresolved(d, pattern, fmt.Sprintf("includes %q again (an include cycle)", f))
			continue
		}
		dirs, ok := st.parsed[f]
		if !ok {
			if len(st.parsed) >= MaxFiles {
				st.unresolved(d, pattern, fmt.Sprintf("more than %d files included", MaxFiles))
				return out, nil
			}
			data, err := st.ld.ReadFile(f)
			if err != nil {
				st.unresolved(d, pattern, fmt.Sprintf("cannot read %q: %v", f, err))
				continue
			}
			dirs, err = Parse(data, f)
			if err != nil {
				return nil, err
			}
			st.parsed[f] = dirs
			st.cfg.Files = append(st.cfg.Files, f)
		}
		inner, err := st.expand(dirs, append(stack[:len(stack):len(stack)], f))
		if err != nil {
			return nil, err
		}
		out = append(out, inner...)
	}
	return out, nil
}

// byTail finds the repository file an absolute include names by where the
// repository was checked out ("/home/dev/app/deploy/nginx/headers.conf" is
// deploy/nginx/headers.conf): the longest tracked path, of at least two
// components, that ends the include's path. Globs are not mapped.
func (st *loadState) byTail(abs string) (string, error) {
	if strings.ContainsAny(abs, "*?[") || st.ld.Files == nil {
		return "", nil
	}
	if err := st.list(); err != nil {
		return "", err
	}
	best := ""
	for _, f := range st.files {
		if strings.Contains(f, "/") && strings.HasSuffix(abs, "/"+f) && len(f) > len(best) {
			best = f
		}
	}
	return best, nil
}

func (st *loadState) list() error {
	if st.listed {
		return nil
	}
	if st.ld.Files != nil {
		fs, err := st.ld.Files()
		if err != nil {
			return err
		}
		st.files = fs
	}
	st.listed = true
	return nil
}

// match resolves a path or a glob against the repository's files.
func (st *loadState) match(p string) ([]string, error) {
	if !strings.ContainsAny(p, "*?[") {
		if st.ld.Files == nil {
			return []string{p}, nil
		}
	}
	if err := st.list(); err != nil {
		return nil, err
	}
	var out []string
	for _, f := range st.files {
		if ok, _ := path.Match(p, f); ok {
			out = append(out, f)
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- headers ----

// Header is one add_header directive.
type Header struct {
	Name, Value string
	Always      bool
	File        string
	Line        int
}

// Block is a server, location or if block and the headers it sends.
type Block struct {
	Kind  string // "server", "location" or "if"
	Label string // "server example.com", "location /api", "if ($x)"
	File  string
	Line  int
	// Headers are the add_header directives in effect: the block's own
	// when it has any, else those inherited from the enclosing level.
	Headers []Header
	// Own reports that the block has add_header directives of its own,
	// which replace every inherited one.
	Own bool
	// Inherited are the headers the enclosing level sends.
	Inherited []Header
	// Parent is the index in Blocks' result of the enclosing server,
	// location or if block; -1 for a server.
	Parent int
	// Handling is how the block answers the requests it matches, and
	// Handler the directive that decided it ("proxy_pass", "root", "return
	// 301"; "" when the block serves files from the inherited root).
	Handling Handling
	Handler  string
}

// Handling is how a block answers requests.
type Handling int

// The handlings.
const (
	// Serves: nginx produces the response itself, from files (root, alias,
	// try_files, or the inherited document root) or with return and a body.
	Serves Handling = iota
	// Passes: the block only passes requests to an upstream application
	// (proxy_pass, fastcgi_pass, uwsgi_pass, scgi_pass, grpc_pass), which
	// writes the response and may add headers of its own.
	Passes
	// Redirects: the block only answers with a redirect, 204 No Content or
	// 444 (connection closed): never a page a browser renders.
	Redirects
	// Routes: a server that answers nothing itself: a catch-all location /
	// takes every request its other locations do not, and some of its
	// locations serve content (they are judged one by one).
	Routes
)

// Sends returns the effective header with the given name (case-insensitive).
func (b Block) Sends(name string) (Header, bool) { return find(b.Headers, name) }

// Dropped reports that the enclosing level sends the header but this
// block's own add_header directives drop it.
func (b Block) Dropped(name string) bool {
	_, inherited := find(b.Inherited, name)
	_, sent := b.Sends(name)
	return b.Own && inherited && !sent
}

func find(hs []Header, name string) (Header, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h, true
		}
	}
	return Header{}, false
}

// Blocks computes the effective headers of every server, location and if
// block, following nginx's add_header inheritance: a level inherits the
// enclosing level's add_header directives only when it has none of its own.
// A block comes before the blocks nested in it.
func Blocks(dirs []*Directive) []Block {
	var w blockWalk
	w.walk(dirs, nil, -1)
	w.classify()
	return w.blocks
}

// blockWalk collects the blocks and, beside them, what classification
// needs to know about each.
type blockWalk struct {
	blocks   []Block
	catchAll []bool // a location matching every URI not matched elsewhere
	decided  []bool // the block has a handler directive of its own
}

func (w *blockWalk) walk(dirs []*Directive, inherited []Header, parent int) {
	for _, d := range dirs {
		if !d.HasBlock {
			continue
		}
		switch d.Name {
		case "http":
			w.walk(d.Block, effective(d.Block, inherited), parent)
		case "server", "location", "if":
			own := ownHeaders(d.Block)
			b := Block{Kind: d.Name, Label: label(d), File: d.File, Line: d.Line, Inherited: inherited, Own: len(own) > 0, Headers: inherited, Parent: parent}
			if b.Own {
				b.Headers = own
			}
			var decided bool
			b.Handling, b.Handler, decided = ownHandling(d)
			w.blocks = append(w.blocks, b)
			w.catchAll = append(w.catchAll, d.Name == "location" && isCatchAll(d.Args))
			w.decided = append(w.decided, decided)
			w.walk(d.Block, b.Headers, len(w.blocks)-1)
		}
	}
}

func isCatchAll(args []string) bool {
	return len(args) == 1 && args[0] == "/" || len(args) == 2 && args[0] == "^~" && args[1] == "/"
}

var passDirectives = map[string]bool{"proxy_pass": true, "fastcgi_pass": true, "uwsgi_pass": true, "scgi_pass": true, "grpc_pass": true}

// ownHandling judges the directives written directly in a block; decided
// is false when there is none. A return runs before content handlers, so
// it decides whenever it is present.
func ownHandling(d *Directive) (h Handling, handler string, decided bool) {
	var files, pass string
	for _, c := range d.Block {
		if c.HasBlock {
			continue
		}
		switch {
		case c.Name == "return":
			h, handler = returnHandling(c)
			return h, handler, true
		case c.Name == "root" || c.Name == "alias" || c.Name == "try_files":
			if files == "" {
				files = c.Name
			}
		case passDirectives[c.Name]:
			if pass == "" {
				pass = c.Name
			}
		}
	}
	switch {
	case files != "":
		return Serves, files, true
	case pass != "":
		return Passes, pass, true
	}
	return Serves, "", false
}

func returnHandling(c *Directive) (Handling, string) {
	if len(c.Args) == 0 {
		return Serves, "return"
	}
	switch c.Args[0] {
	case "204", "301", "302", "303", "307", "308", "444":
		return Redirects, "return " + c.Args[0]
	}
	if strings.Contains(c.Args[0], "://") || strings.HasPrefix(c.Args[0], "$scheme") {
		return Redirects, "return " + c.Args[0] // "return URL" is a 302
	}
	return Serves, "return " + c.Args[0]
}

// classify settles the blocks without a handler of their own. An if block
// runs its enclosing block's handler. A location without one serves files
// from the inherited root. A server without one answers through its
// locations when it has a catch-all "location /": it passes upstream or
// redirects when every block inside it does, and routes otherwise. Without
// a catch-all, some requests get files (at least nginx's own pages) from
// the server's root.
func (w *blockWalk) classify() {
	bs := w.blocks
	for i := range bs {
		if p := bs[i].Parent; !w.decided[i] && bs[i].Kind == "if" && p >= 0 && w.decided[p] {
			bs[i].Handling, bs[i].Handler, w.decided[i] = bs[p].Handling, bs[p].Handler, true
		}
	}
	for i := range bs {
		if bs[i].Kind != "server" || w.decided[i] {
			continue
		}
		hasCatchAll, passes, upstreamOnly := false, false, true
		// Blocks nested in a server follow it contiguously.
		for j := i + 1; j < len(bs) && w.nestedIn(j, i); j++ {
			if bs[j].Parent == i && w.catchAll[j] {
				hasCatchAll = true
			}
			switch {
			case !w.decided[j] || bs[j].Handling == Serves:
				upstreamOnly = false
			case bs[j].Handling == Passes:
				passes = true
			}
		}
		switch {
		case !hasCatchAll:
		case !upstreamOnly:
			bs[i].Handling, bs[i].Handler = Routes, "its locations"
		case passes:
			bs[i].Handling, bs[i].Handler = Passes, "its locations"
		default:
			bs[i].Handling, bs[i].Handler = Redirects, "its locations"
		}
	}
}

// nestedIn reports whether block j is nested, at any depth, in block i.
func (w *blockWalk) nestedIn(j, i int) bool {
	for p := w.blocks[j].Parent; p >= 0; p = w.blocks[p].Parent {
		if p == i {
			return true
		}
	}
	return false
}

func effective(dirs []*Directive, inherited []Header) []Header {
	if own := ownHeaders(dirs); len(own) > 0 {
		return own
	}
	return inherited
}

func ownHeaders(dirs []*Directive) []Header {
	var hs []Header
	for _, d := range dirs {
		if d.Name != "add_header" || d.HasBlock || len(d.Args) < 2 {
			continue
		}
		hs = append(hs, Header{Name: d.Args[0], Value: d.Args[1], Always: len(d.Args) > 2 && d.Args[2] == "always", File: d.File, Line: d.Line})
	}
	return hs
}

func label(d *Directive) string {
	switch d.Name {
	case "server":
		for _, c := range d.Block {
			if c.Name == "server_name" && len(c.Args) > 0 {
				return "server " + c.Args[0]
			}
		}
		return "server"
	case "if":
		return "if " + strings.Join(d.Args, " ")
	}
	return strings.TrimSpace(d.Name + " " + strings.Join(d.Args, " "))
}
