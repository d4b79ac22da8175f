package yamlerror

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		doc      string
		wantLine int
		wantMsg  string
	}{
		{"a: [\n", 1, "did not find expected node content"},
		{"a: 1\nb:\n\t- x\n", 3, "found character that cannot start any token"},
		{"a:\n  b: [1\n", 0, ""},
	} {
		var v any
		err := yaml.Unmarshal([]byte(tc.doc), &v)
		if err == nil {
			t.Fatalf("%q: no error", tc.doc)
		}
		line, msg := Describe(err)
		if tc.wantMsg != "" && (line != tc.wantLine || msg != tc.wantMsg) {
			t.Errorf("%q: Describe = %d, %q; want %d, %q (from %q)", tc.doc, line, msg, tc.wantLine, tc.wantMsg, err)
		}
		if msg == "" || len(msg) >= len("yaml: ") && msg[:6] == "yaml: " {
			t.Errorf("%q: message %q keeps its prefix or is empty", tc.doc, msg)
		}
	}
	var n struct{ A int }
	err := yaml.Unmarshal([]byte("a: x\n"), &n)
	if line, msg := Describe(err); line != 1 || msg != "cannot unmarshal !!str `x` into int" {
		t.Errorf("unmarshal error: %d, %q", line, msg)
	}
}
