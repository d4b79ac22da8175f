package verify

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("é", 100)
	for body, want := range map[string]string{
		"":                      "an empty body",
		" \n\t":                 "an empty body",
		"<html>\n  <body>ok":    "`<html> <body>ok`",
		"bad \xff byte":         "`bad \uFFFD byte`",
		long:                    "`" + strings.Repeat("é", 80) + "…`",
		strings.Repeat("a", 80): "`" + strings.Repeat("a", 80) + "`",
	} {
		if got := snippet([]byte(body)); got != want {
			t.Errorf("snippet(%q) = %q, want %q", body, got, want)
		}
	}
}
