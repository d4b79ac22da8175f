package versionfile

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestJSONScalars(t *testing.T) {
	type hit struct {
		value any
		text  string // data[Start:End]
		line  int
	}
	tests := []struct {
		name string
		data string
		key  []string
		want []hit
	}{
		{"top level", `{"version": "1.0.0"}`, []string{"version"}, []hit{{"1.0.0", `"1.0.0"`, 1}}},
		{"separator and spaces on other lines", "{\n\"version\"\n\t:\r\n  \"1.0.0\" }", []string{"version"}, []hit{{"1.0.0", `"1.0.0"`, 4}}},
		{"nested, not the same key elsewhere", "{\"version\": \"9\",\n\"app\": {\"name\": \"x\",\n \"version\": \"2.0.0\"}}", []string{"app", "version"}, []hit{{"2.0.0", `"2.0.0"`, 3}}},
		{"a nested key is not a top-level key", `{"a": {"version": "1"}}`, []string{"version"}, nil},
		{"a key path does not cross arrays", `{"a": [{"version": "1"}], "b": [[{"version": "2"}]]}`, []string{"a", "version"}, nil},
		{"an array at the key path is not a scalar", `{"version": ["1.0.0"]}`, []string{"version"}, nil},
		{"an object at the key path is not a scalar", `{"version": {"version": "1"}}`, []string{"version"}, nil},
		{"a top-level array", `[{"version": "1"}]`, []string{"version"}, nil},
		{"duplicate keys in document order", "{\"version\": \"1\",\n\"version\": 2,\n\"version\": \"3\"}", []string{"version"},
			[]hit{{"1", `"1"`, 1}, {json.Number("2"), "2", 2}, {"3", `"3"`, 3}}},
		{"number", `{"v":1.50}`, []string{"v"}, []hit{{json.Number("1.50"), "1.50", 1}}},
		{"boolean", `{"v" : false}`, []string{"v"}, []hit{{false, "false", 1}}},
		{"null", "{\"v\":\n null}", []string{"v"}, []hit{{nil, "null", 2}}},
		{"escapes are decoded, the span is as written", `{"v": "1.0\u002e0\"x"}`, []string{"v"}, []hit{{`1.0.0"x`, `"1.0\u002e0\"x"`, 1}}},
		{"an empty key", `{"packages": {"": {"version": "1"}, "a": {"version": "2"}}}`, []string{"packages", "", "version"}, []hit{{"1", `"1"`, 1}}},
		{"a key holding a dot is one element", `{"a.b": "1", "a": {"b": "2"}}`, []string{"a.b"}, []hit{{"1", `"1"`, 1}}},
		{"array elements after the first", `{"x": [1, "2", {"v": 3}], "v": "4"}`, []string{"v"}, []hit{{"4", `"4"`, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JSONScalars([]byte(tt.data), tt.key)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d scalars %+v, want %d", len(got), got, len(tt.want))
			}
			for i, s := range got {
				w := tt.want[i]
				if !reflect.DeepEqual(s.Value, w.value) || tt.data[s.Start:s.End] != w.text || s.Line != w.line {
					t.Errorf("scalar %d: got %#v %q line %d, want %#v %q line %d", i, s.Value, tt.data[s.Start:s.End], s.Line, w.value, w.text, w.line)
				}
			}
		})
	}
}

func TestJSONScalarsErrors(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		msg        string
	}{
		// A byte order mark is not JSON; a caller that accepts one strips
		// it and adds its length to the offsets.
		{"byte order mark", "\ufeff{\"version\": \"1\"}", 1, "invalid JSON: invalid character"},
		{"trailing comma", "{\n\"version\": \"1\",\n}", 3, "invalid JSON: invalid character '}'"},
		{"truncated", "{\n\"version\": ", 2, "invalid JSON: unexpected end of JSON input"},
		{"empty", "", 1, "invalid JSON: unexpected end of JSON input"},
		{"two documents", `{} {}`, 1, "invalid JSON: invalid character '{' after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JSONScalars([]byte(tt.data), []string{"version"})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, %v; want an *Error", got, err)
			}
			if e.Line != tt.line || !strings.HasPrefix(e.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d starting %q", e.Line, e.Msg, tt.line, tt.msg)
			}
		})
	}
	bom := []byte("\ufeff{\n\"version\": \"1\"}")
	got, err := JSONScalars(bom[3:], []string{"version"})
	if err != nil || len(got) != 1 || string(bom[3+got[0].Start:3+got[0].End]) != `"1"` || got[0].Line != 2 {
		t.Errorf("after the byte order mark: got %+v, %v", got, err)
	}
}

func TestGoDecls(t *testing.T) {
	type decl struct {
		line    int
		lit     string // Lit.Value, "" for nil
		litLine int
	}
	tests := []struct {
		name string
		data string
		want []decl
	}{
		{"const", "package x\n\nconst Version = \"1.0.0\"\n", []decl{{3, `"1.0.0"`, 3}}},
		{"typed var, raw string", "package x\nvar Version string = `2.0.0`\n", []decl{{2, "`2.0.0`", 2}}},
		{"in a group, value on the next line", "package x\nvar (\n\tA = 1\n\tVersion =\n\t\t\"3\"\n)\n", []decl{{4, `"3"`, 5}}},
		{"one of several names", "package x\nconst A, Version, B = \"a\", \"v\", \"b\"\n", []decl{{2, `"v"`, 2}}},
		{"every declaration, in file order", "package x\nconst Version = \"1\"\nfunc f() {}\nvar Version = \"2\"\nvar (\n\tVersion = f()\n\tVersion string\n)\n",
			[]decl{{2, `"1"`, 2}, {4, `"2"`, 4}, {6, "", 0}, {7, "", 0}}},
		{"an implicitly repeated const has no literal", "package x\nconst (\n\tA = \"a\"\n\tVersion\n)\n", []decl{{4, "", 0}}},
		{"a computed value", "package x\nvar Version = \"1.\" + minor\n", []decl{{2, "", 0}}},
		{"a rune or number is not a string", "package x\nconst Version = 'v'\nconst Version2 = 1\n", []decl{{2, "", 0}}},
		{"function-local and other names are not package level", "package x\nfunc f() { const Version = \"1\" }\nconst VersionX = \"2\"\ntype Version int\n", nil},
		{"byte order mark", "\ufeffpackage x\nconst Version = \"1\"\n", []decl{{2, `"1"`, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GoDecls([]byte(tt.data), "Version")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d declarations %+v, want %d", len(got), got, len(tt.want))
			}
			for i, d := range got {
				w := tt.want[i]
				lit := ""
				if d.Lit != nil {
					lit = d.Lit.Value
					if tt.data[d.LitOffset:d.LitOffset+len(lit)] != lit {
						t.Errorf("declaration %d: offset %d holds %q, not %s", i, d.LitOffset, tt.data[d.LitOffset:], lit)
					}
				}
				if d.Line != w.line || lit != w.lit || d.LitLine != w.litLine {
					t.Errorf("declaration %d: got line %d %s at line %d, want line %d %s at line %d", i, d.Line, lit, d.LitLine, w.line, w.lit, w.litLine)
				}
			}
		})
	}
}

func TestGoDeclsInvalidGo(t *testing.T) {
	_, err := GoDecls([]byte("package x\n\nconst Version = \n"), "Version")
	var e *Error
	if !errors.As(err, &e) || e.Line != 3 || !strings.HasPrefix(e.Msg, "invalid Go: expected operand") {
		t.Errorf("got %#v", err)
	}
}

func TestLineAt(t *testing.T) {
	data := []byte("a\nb\r\nc")
	for _, tt := range []struct{ offset, line int }{{-1, 1}, {0, 1}, {1, 1}, {2, 2}, {4, 2}, {5, 3}, {6, 3}, {99, 3}} {
		if got := LineAt(data, tt.offset); got != tt.line {
			t.Errorf("LineAt(%d) = %d, want %d", tt.offset, got, tt.line)
		}
	}
}
