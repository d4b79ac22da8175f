package verify

import (
	"strings"
	"testing"
)

// Every refusal of a URL says what to give instead.
func TestParseURLErrorsSayHowToFix(t *testing.T) {
	for _, in := range []string{"ftp://x", "applylens.app", "https://u:p@applylens.app", "https://a.app/?x=1", "https://:443", "http://[::1"} {
		_, err := ParseURL(in)
		if err == nil || !strings.Contains(err.Error(), "give ") {
			t.Errorf("ParseURL(%q) = %v, want a message saying what to give", in, err)
		}
	}
}
