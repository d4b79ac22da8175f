package versionfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The locators below are shared with the bump package, which must rewrite
// the very bytes that Read reports on: one walk per format keeps the value
// an edit replaces the same value the release guard judged.

// LineAt is the 1-based line of the byte at offset in data; an offset
// outside data counts as its nearest end, so a position from any parser
// gives a line the file has.
func LineAt(data []byte, offset int) int {
	if offset > len(data) {
		offset = len(data)
	}
	if offset < 0 {
		offset = 0
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// JSONScalar is a scalar found at a key path of a JSON document.
type JSONScalar struct {
	// Value is a string, a json.Number, a bool, or nil for null.
	Value any
	// Start:End are the bytes of the value as written, quotes included.
	Start, End int
	// Line is the line of the value.
	Line int
}

// JSONScalars returns every scalar at keyPath, in document order: the
// callers differ on which of several duplicate keys counts, so the choice
// is theirs. A key path never crosses an array, and an object or array at
// keyPath is not a scalar. Invalid JSON, a byte order mark included, is an
// *Error with the line of the fault.
func JSONScalars(data []byte, keyPath []string) ([]JSONScalar, error) {
	if err := validJSON(data); err != nil {
		return nil, err
	}
	// The token stream, unlike Unmarshal, tells where each value lies.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var found []JSONScalar
	// walk reads one value; p is its key path, nil inside arrays.
	var walk func(p []string) error
	walk = func(p []string) error {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		end := int(dec.InputOffset())
		if d, ok := tok.(json.Delim); ok {
			if d == '[' {
				for dec.More() {
					if err := walk(nil); err != nil {
						return err
					}
				}
				_, err := dec.Token()
				return err
			}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				var child []string
				if p != nil {
					child = append(append([]string{}, p...), k)
				}
				if err := walk(child); err != nil {
					return err
				}
			}
			_, err := dec.Token()
			return err
		}
		if p == nil || !slices.Equal(p, keyPath) {
			return nil
		}
		// The decoder consumed the separator and spaces before the value
		// with it.
		for start < end && strings.IndexByte(" \t\r\n:,", data[start]) >= 0 {
			start++
		}
		found = append(found, JSONScalar{Value: tok, Start: start, End: end, Line: LineAt(data, end)})
		return nil
	}
	if err := walk([]string{}); err != nil {
		return nil, &Error{Msg: "invalid JSON: " + err.Error()}
	}
	return found, nil
}

func validJSON(data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Line: LineAt(data, int(se.Offset)), Msg: "invalid JSON: " + se.Error()}
	}
	return &Error{Line: LineAt(data, len(data)), Msg: "invalid JSON: unexpected end of file"}
}

// GoDecl is one package-level const or var of a given name.
type GoDecl struct {
	// Line is the line of the name.
	Line int
	// Lit is the value when it is a string literal; nil when there is no
	// value or it is computed (an expression, set by -ldflags at build time).
	Lit *ast.BasicLit
	// LitOffset and LitLine are where Lit starts.
	LitOffset, LitLine int
}

// GoDecls returns, in file order, every package-level const or var named
// name, alone or in a group, typed or not. A file that does not parse is
// an *Error with the line of the first fault.
func GoDecls(data []byte, name string) ([]GoDecl, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", data, parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return nil, &Error{Line: list[0].Pos.Line, Msg: "invalid Go: " + list[0].Msg}
		}
		return nil, &Error{Msg: "invalid Go: " + err.Error()}
	}
	var out []GoDecl
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name != name {
					continue
				}
				d := GoDecl{Line: fset.Position(id.Pos()).Line}
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						pos := fset.Position(lit.Pos())
						d.Lit, d.LitOffset, d.LitLine = lit, pos.Offset, pos.Line
					}
				}
				out = append(out, d)
			}
		}
	}
	return out, nil
}

// YAMLNode finds the node at keyPath in the first document of a YAML
// stream, as Read judges it: the last of duplicate keys, aliases followed
// (so an edit of an alias changes its anchor's value). A nil node means
// the key path is absent; line is then the line of the value that is not
// a mapping, or 0 when no line says more. Invalid YAML is an *Error with
// the line of the fault.
func YAMLNode(data []byte, keyPath []string) (n *yaml.Node, line int, err error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		return nil, 0, YAMLError(err)
	}
	if len(doc.Content) == 0 {
		return nil, 0, nil
	}
	n = doc.Content[0]
	for _, k := range keyPath {
		n = resolveAlias(n)
		if n.Kind != yaml.MappingNode {
			return nil, n.Line, nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return nil, 0, nil
		}
		n = next
	}
	n = resolveAlias(n)
	return n, n.Line, nil
}

// resolveAlias follows an alias to its anchor; the bound guards against a
// decoder that one day lets an anchor be an alias.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}
