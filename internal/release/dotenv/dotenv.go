// Package dotenv parses .env files the way docker compose and the common
// dotenv libraries read them: comments, an optional "export", single and
// double quotes, and duplicate keys where the last one wins.
package dotenv

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Entry is one KEY=value assignment.
type Entry struct {
	Key   string
	Value string // unquoted, escapes in double quotes resolved
	Line  int    // 1-based line of the key
}

// File is a parsed dotenv file.
type File struct {
	// Entries lists every assignment in file order, duplicates included.
	Entries []Entry
}

// Lookup returns the effective (last) assignment of key.
func (f *File) Lookup(key string) (Entry, bool) {
	for i := len(f.Entries) - 1; i >= 0; i-- {
		if f.Entries[i].Key == key {
			return f.Entries[i], true
		}
	}
	return Entry{}, false
}

// Duplicates lists, for every key assigned more than once, all its
// assignments but the last (which wins).
func (f *File) Duplicates() []Entry {
	last := map[string]int{}
	for i, e := range f.Entries {
		last[e.Key] = i
	}
	var out []Entry
	for i, e := range f.Entries {
		if last[e.Key] != i {
			out = append(out, e)
		}
	}
	return out
}

// Error is a line that is not a valid assignment.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse parses a dotenv file.
func Parse(data []byte) (*File, error) {
	if at := binaryAt(data); at >= 0 {
		// The line of the first offending byte, so that the user can find it.
		return nil, &Error{Line: 1 + bytes.Count(data[:at], []byte("\n")), Msg: "binary data, not a text file"}
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	offsets := make([]int, len(lines))
	for i, off := 1, 0; i < len(lines); i++ {
		off += len(lines[i-1]) + 1
		offsets[i] = off
	}
	f := &File{}
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "export"); ok && (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")) {
			line = strings.TrimSpace(rest)
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			return nil, &Error{Line: lineNo, Msg: fmt.Sprintf("%q is not a KEY=value assignment", clip(line))}
		}
		key := strings.TrimSpace(line[:eq])
		if !validKey(key) {
			return nil, &Error{Line: lineNo, Msg: fmt.Sprintf("invalid variable name %q", clip(key))}
		}
		raw := strings.TrimLeft(line[eq+1:], " \t")
		var value string
		switch {
		case strings.HasPrefix(raw, `"`), strings.HasPrefix(raw, `'`):
			quote := raw[0]
			// A quoted value may span lines: search the rest of the file
			// once for the closing quote, then skip the lines it spans.
			rawLine := lines[i]
			eqAt := strings.IndexByte(rawLine, '=')
			start := offsets[i] + eqAt + 1 + strings.IndexByte(rawLine[eqAt+1:], quote) + 1
			end := closingQuote(text[start:], quote)
			if end < 0 {
				return nil, &Error{Line: lineNo, Msg: fmt.Sprintf("%s has an unterminated %c quote", key, quote)}
			}
			closeAt := start + end
			for i+1 < len(lines) && offsets[i+1] <= closeAt {
				i++
			}
			after := strings.TrimSpace(text[closeAt+1 : offsets[i]+len(lines[i])])
			if after != "" && !strings.HasPrefix(after, "#") {
				return nil, &Error{Line: lineNo, Msg: fmt.Sprintf("unexpected %q after the quoted value of %s", clip(after), key)}
			}
			value = text[start:closeAt]
			if quote == '"' {
				value = unescape(value)
			}
		default:
			// An unquoted value ends at a comment that follows whitespace.
			if j := strings.Index(raw, " #"); j >= 0 {
				raw = raw[:j]
			}
			if j := strings.Index(raw, "\t#"); j >= 0 {
				raw = raw[:j]
			}
			value = strings.TrimSpace(raw)
		}
		f.Entries = append(f.Entries, Entry{Key: key, Value: value, Line: lineNo})
	}
	return f, nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for i, r := range k {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '.' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// closingQuote finds the closing quote; in double quotes a backslash
// escapes the next character.
func closingQuote(s string, quote byte) int {
	for i := 0; i < len(s); i++ {
		if quote == '"' && s[i] == '\\' {
			i++
			continue
		}
		if s[i] == quote {
			return i
		}
	}
	return -1
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// binaryAt is the offset of the first NUL byte or invalid UTF-8 sequence
// in data, or -1 when data is text.
func binaryAt(data []byte) int {
	for i := 0; i < len(data); {
		if data[i] == 0 {
			return i
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}
