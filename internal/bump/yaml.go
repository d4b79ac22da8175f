package bump

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/relguard/relguard/internal/release/versionfile"
	"github.com/relguard/relguard/internal/yamlerror"
)

// yamlDocs decodes every document of a YAML stream as nodes.
func yamlDocs(body []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(body))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			line, msg := yamlerror.Describe(err)
			return nil, failAt(line, "invalid YAML: %s", msg)
		}
		docs = append(docs, &doc)
	}
}

// locateYAML finds the scalar at a dotted key path the way the release
// guard reads it (versionfile.YAMLNode).
func locateYAML(data []byte, key string) (Token, error) {
	body, bom := stripBOM(data)
	n, line, err := versionfile.YAMLNode(body, splitPath(key))
	if err != nil {
		return Token{}, located(err)
	}
	if n == nil {
		return Token{}, failAt(line, "no %q key", key)
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return Token{}, failAt(n.Line, "%q is not a string", key)
	}
	tok, err := yamlScalarToken(body, n)
	if err != nil {
		return Token{}, err
	}
	tok.Start += bom
	tok.End += bom
	return tok, nil
}

// yamlScalarToken finds the bytes of a one-line scalar from the node's
// line and column: past any anchor (&name) and tag (!tag), the text inside
// the quotes, or a plain scalar's own text.
func yamlScalarToken(body []byte, n *yaml.Node) (Token, error) {
	off, ok := offsetOf(body, n.Line, n.Column)
	if !ok {
		return Token{}, failAt(n.Line, "cannot find the value at column %d", n.Column)
	}
	// Anchors and tags precede the scalar, separated by spaces.
	for off < len(body) && (body[off] == '&' || body[off] == '!') {
		for off < len(body) && !isSpace(body[off]) && body[off] != '\n' {
			off++
		}
		for off < len(body) && isSpace(body[off]) {
			off++
		}
	}
	if off >= len(body) {
		return Token{}, failAt(n.Line, "cannot find the value")
	}
	lineEnd := bytes.IndexByte(body[off:], '\n')
	if lineEnd < 0 {
		lineEnd = len(body)
	} else {
		lineEnd += off
	}
	rest := body[off:lineEnd]
	switch body[off] {
	case '"':
		end := closingDoubleQuote(rest)
		if end < 0 {
			return Token{}, failAt(n.Line, "the value %q spans lines; put it on one line", n.Value)
		}
		content := string(rest[1:end])
		if content != n.Value {
			return Token{}, failAt(n.Line, "the value %q is written with escape sequences; write it plainly", n.Value)
		}
		return Token{Start: off + 1, End: off + end, Value: n.Value}, nil
	case '\'':
		end := closingSingleQuote(rest)
		if end < 0 {
			return Token{}, failAt(n.Line, "the value %q spans lines; put it on one line", n.Value)
		}
		content := strings.ReplaceAll(string(rest[1:end]), "''", "'")
		if content != n.Value || strings.Contains(string(rest[1:end]), "''") {
			return Token{}, failAt(n.Line, "the value %q is written with escaped quotes; write it plainly", n.Value)
		}
		return Token{Start: off + 1, End: off + end, Value: n.Value}, nil
	case '|', '>':
		return Token{}, failAt(n.Line, "the value is a block scalar; write it on the key's line")
	}
	// A plain scalar's value is its text; it must end where the line, a
	// comment or a flow indicator ends it.
	if !bytes.HasPrefix(rest, []byte(n.Value)) || n.Value == "" {
		return Token{}, failAt(n.Line, "the value %q spans lines; put it on one line", n.Value)
	}
	end := len(n.Value)
	if end < len(rest) && !strings.ContainsRune(" \t\r,]}", rune(rest[end])) {
		return Token{}, failAt(n.Line, "cannot find where the value %q ends", n.Value)
	}
	return Token{Start: off, End: off + end, Value: n.Value}, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func closingDoubleQuote(s []byte) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func closingSingleQuote(s []byte) int {
	for i := 1; i < len(s); i++ {
		if s[i] == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// offsetOf turns yaml.v3's 1-based line and column (counted in
// characters) into a byte offset.
func offsetOf(body []byte, line, column int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(body[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	for c := 1; c < column; c++ {
		if off >= len(body) || body[off] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(body[off:])
		off += size
	}
	return off, true
}
