package bump

import (
	"errors"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/relguard/relguard/internal/release/versionfile"
)

// tomlKV is one key/value of a TOML document, wherever it is written: under
// a table header, as a dotted key, or inside an inline table.
type tomlKV struct {
	// path is the full key path ("project.version"); inside an array of
	// tables it is relative to the document too ("package.version"), and
	// element tells which element holds it.
	path []string
	// element is the index of the array-of-tables element ([[package]])
	// that holds the key, or -1 outside arrays of tables.
	element int
	value   tomlValue
}

// tomlValue is a copy of a value node: the parser reuses its nodes for the
// next expression.
type tomlValue struct {
	kind  unstable.Kind
	raw   unstable.Range
	data  string
	items []tomlValue // an array's elements
}

func snapshot(n *unstable.Node) tomlValue {
	v := tomlValue{kind: n.Kind, raw: n.Raw, data: string(n.Data)}
	if n.Kind == unstable.Array {
		it := n.Children()
		for it.Next() {
			v.items = append(v.items, snapshot(it.Node()))
		}
	}
	return v
}

// walkTOML visits every key/value of a TOML document in order. Offsets in
// the nodes are relative to body.
func walkTOML(body []byte, visit func(tomlKV)) error {
	var p unstable.Parser
	p.Reset(body)
	var table []string
	var arrayPath []string // the [[array]] whose element is open, nil when none
	element := -1
	counts := map[string]int{}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			table = keyParts(e.Key())
			if arrayPath == nil || !hasPrefix(table, arrayPath) {
				arrayPath, element = nil, -1
			}
		case unstable.ArrayTable:
			table = keyParts(e.Key())
			arrayPath = table
			k := strings.Join(table, "\x00")
			element = counts[k]
			counts[k]++
		case unstable.KeyValue:
			visitKV(table, element, e, visit)
		}
	}
	if err := p.Error(); err != nil {
		var pe *unstable.ParserError
		if errors.As(err, &pe) && len(pe.Highlight) > 0 {
			off := cap(body) - cap(pe.Highlight)
			return failAt(versionfile.LineAt(body, off), "invalid TOML: %s", pe.Message)
		}
		return failAt(0, "invalid TOML: %v", err)
	}
	return nil
}

func visitKV(prefix []string, element int, kv *unstable.Node, visit func(tomlKV)) {
	path := append(append([]string{}, prefix...), keyParts(kv.Key())...)
	v := kv.Value()
	visit(tomlKV{path: path, element: element, value: snapshot(v)})
	if v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				visitKV(path, element, c, visit)
			}
		}
	}
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

func hasPrefix(p, prefix []string) bool {
	return len(p) >= len(prefix) && slices.Equal(p[:len(prefix)], prefix)
}

// locateTOML finds the string at a dotted key path, outside arrays of tables.
func locateTOML(data []byte, key string) (Token, error) {
	body, bom := stripBOM(data)
	want := splitPath(key)
	var found *tomlKV
	err := walkTOML(body, func(kv tomlKV) {
		if kv.element < 0 && slices.Equal(kv.path, want) {
			c := kv
			found = &c
		}
	})
	if err != nil {
		return Token{}, err
	}
	if found == nil {
		return Token{}, failAt(0, "no %q key", key)
	}
	tok, ok := tomlValueToken(body, found.value)
	if !ok {
		return Token{}, failAt(versionfile.LineAt(body, int(found.value.raw.Offset)), "%q is a %s, not a string", key, strings.ToLower(found.value.kind.String()))
	}
	tok.Start += bom
	tok.End += bom
	return tok, nil
}

// tomlValueToken is the text between a string value's delimiters.
func tomlValueToken(body []byte, v tomlValue) (Token, bool) {
	if v.kind != unstable.String {
		return Token{}, false
	}
	off, n := int(v.raw.Offset), int(v.raw.Length)
	raw := body[off : off+n]
	d := 1
	if n >= 6 && (strings.HasPrefix(string(raw), `"""`) || strings.HasPrefix(string(raw), `'''`)) {
		d = 3
	}
	if n < 2*d {
		return Token{}, false
	}
	return Token{Start: off + d, End: off + n - d, Value: v.data}, true
}
