package dotenv

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	data := "# production settings\n" +
		"export COOKIE_SECURE=1\n" +
		"COOKIE_SAMESITE = 'Lax'\n" +
		"\n" +
		"DSN=\"postgres://u:p@db/app?x=1#frag\"  # the database\n" +
		"GREETING=\"a \\\"b\\\"\\nc\"\n" +
		"RAW='a $b \\n'\n" +
		"URL=http://x/#anchor\n" +
		"NOTE=hello # trailing comment\n" +
		"EMPTY=\n" +
		"MULTI=\"line1\nline2\"\n" +
		"COOKIE_SECURE=0\r\n"
	f, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Entry{
		"COOKIE_SAMESITE": {"COOKIE_SAMESITE", "Lax", 3},
		"DSN":             {"DSN", "postgres://u:p@db/app?x=1#frag", 5},
		"GREETING":        {"GREETING", "a \"b\"\nc", 6},
		"RAW":             {"RAW", `a $b \n`, 7},
		"URL":             {"URL", "http://x/#anchor", 8},
		"NOTE":            {"NOTE", "hello", 9},
		"EMPTY":           {"EMPTY", "", 10},
		"MULTI":           {"MULTI", "line1\nline2", 11},
		"COOKIE_SECURE":   {"COOKIE_SECURE", "0", 13},
	}
	for k, w := range want {
		got, ok := f.Lookup(k)
		if !ok || got != w {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", k, got, ok, w)
		}
	}
	if _, ok := f.Lookup("MISSING"); ok {
		t.Error("found a key that is not there")
	}
	dups := f.Duplicates()
	if len(dups) != 1 || dups[0].Key != "COOKIE_SECURE" || dups[0].Line != 2 || dups[0].Value != "1" {
		t.Errorf("Duplicates = %+v, want the first COOKIE_SECURE at line 2", dups)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		data string
		line int
		msg  string
	}{
		{"A=1\nnot an assignment\n", 2, "not a KEY=value"},
		{"A=1\n\nB=\"open\n", 3, "unterminated \" quote"},
		{"C='x' y\n", 1, "after the quoted value"},
		{"1A=x\n", 1, "invalid variable name"},
		{"=x\n", 1, "invalid variable name"},
		{"A=\x00\n", 1, "binary"},
		{"A=1\nB=2\nC=\x00\n", 3, "binary"},
		{"A=1\nB=\xff\n", 2, "binary"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.data))
		e, ok := err.(*Error)
		if !ok || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Parse(%q) error = %v, want line %d containing %q", tt.data, err, tt.line, tt.msg)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A=1\n# c\nexport B='x'\n",
		"C=\"a\\\"b\" # c\nC=2\n",
		"M=\"x\ny\"\n",
		"bad line\n",
		"D='unterminated\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			return
		}
		n := strings.Count(string(data), "\n") + 1
		for _, e := range file.Entries {
			if !validKey(e.Key) || e.Line < 1 || e.Line > n {
				t.Fatalf("bad entry %+v", e)
			}
			if got, ok := file.Lookup(e.Key); !ok || got.Line < e.Line {
				t.Fatalf("Lookup(%q) is not the last assignment", e.Key)
			}
		}
	})
}

func TestUnterminatedQuoteInLargeFile(t *testing.T) {
	// The closing-quote search must not restart for every following line.
	data := "A=\"open\n" + strings.Repeat("B=1\n", 300000)
	_, err := Parse([]byte(data))
	if e, ok := err.(*Error); !ok || e.Line != 1 {
		t.Fatalf("error = %v, want line 1", err)
	}
}
