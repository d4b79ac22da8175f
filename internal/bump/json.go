package bump

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// locateJSON finds the string at a dotted key path.
func locateJSON(data []byte, key string) (Token, error) {
	return locateJSONPath(data, splitPath(key))
}

// locateJSONPath finds the string at a key path whose elements may hold
// dots or be empty (package-lock.json's packages[""]). When a key occurs
// twice the last one wins, as in every JSON reader.
func locateJSONPath(data []byte, want []string) (Token, error) {
	body, bom := stripBOM(data)
	if err := validJSON(body); err != nil {
		return Token{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var found *Token
	var foundErr error
	// walk reads one value; p is its key path, nil inside arrays (a key
	// path never crosses an array).
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
		if p == nil || !slices.Equal(p, want) {
			return nil
		}
		s, isString := tok.(string)
		if !isString {
			found, foundErr = nil, failAt(lineAt(body, end), "%q is %s, not a string", joinKey(want), describeJSON(tok))
			return nil
		}
		// The token's bytes follow the separator and spaces that the
		// decoder consumed with it.
		q := bytes.IndexByte(body[start:end], '"')
		if q < 0 || end-start-q < 2 || body[end-1] != '"' {
			return failAt(lineAt(body, start), "cannot find the quotes of %q", joinKey(want))
		}
		open := start + q
		found, foundErr = &Token{Start: bom + open + 1, End: bom + end - 1, Value: s}, nil
		return nil
	}
	if err := walk([]string{}); err != nil {
		return Token{}, failAt(0, "invalid JSON: %v", err)
	}
	if foundErr != nil {
		return Token{}, foundErr
	}
	if found == nil {
		return Token{}, failAt(0, "no %q key", joinKey(want))
	}
	return *found, nil
}

func validJSON(body []byte) error {
	if json.Valid(body) {
		return nil
	}
	var v any
	err := json.Unmarshal(body, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return failAt(lineAt(body, int(se.Offset)), "invalid JSON: %v", se)
	}
	return failAt(lineAt(body, len(body)), "invalid JSON: unexpected end of file")
}

func describeJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	}
	return fmt.Sprintf("a %T", v)
}

// joinKey renders a key path for messages.
func joinKey(p []string) string {
	out := ""
	for i, k := range p {
		if i > 0 {
			out += "."
		}
		if k == "" {
			k = `""`
		}
		out += k
	}
	return out
}
