package bump

import (
	"encoding/json"
	"fmt"

	"github.com/relguard/relguard/internal/release/versionfile"
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
	found, err := versionfile.JSONScalars(body, want)
	if err != nil {
		return Token{}, located(err)
	}
	if len(found) == 0 {
		return Token{}, failAt(0, "no %q key", joinKey(want))
	}
	last := found[len(found)-1]
	s, isString := last.Value.(string)
	if !isString {
		return Token{}, failAt(last.Line, "%q is %s, not a string", joinKey(want), describeJSON(last.Value))
	}
	return Token{Start: bom + last.Start + 1, End: bom + last.End - 1, Value: s}, nil
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
