package excerpt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCutAndQuote(t *testing.T) {
	short := strings.Repeat("a", Max)
	if Cut(short) != short || Quote(short) != `"`+short+`"` {
		t.Errorf("an input of Max characters was changed: %q %q", Cut(short), Quote(short))
	}
	long := strings.Repeat("a", 10<<10)
	if got, want := Cut(long), short+"…"; got != want {
		t.Errorf("Cut(10 KB) = %q, want %q", got, want)
	}
	if got, want := Quote(long), `"`+short+`…"`; got != want {
		t.Errorf("Quote(10 KB) = %q, want %q", got, want)
	}
	// Characters, not bytes; never half a character.
	wide := strings.Repeat("é", Max+5)
	if got := Cut(wide); got != strings.Repeat("é", Max)+"…" || !utf8.ValidString(got) {
		t.Errorf("Cut of a 2-byte text = %q", got)
	}
	if got := Cut(strings.Repeat("é", Max)); got != strings.Repeat("é", Max) {
		t.Errorf("Max 2-byte characters were cut: %q", got)
	}
	// Quote escapes what %q escapes.
	if got := Quote("a\nb\x00"); got != `"a\nb\x00"` {
		t.Errorf("Quote escapes: %s", got)
	}
	ctl := strings.Repeat("\x01", Max+1)
	if got := Quote(ctl); got != `"`+strings.Repeat(`\x01`, Max)+`…"` {
		t.Errorf("Quote of control characters: %s", got)
	}
}

func TestWithin(t *testing.T) {
	long := "-" + strings.Repeat("x", 500)
	msg := "flag provided but not defined: " + long
	if got, want := Within(msg, "0.5.0", long), "flag provided but not defined: "+Cut(long); got != want {
		t.Errorf("Within = %q, want %q", got, want)
	}
	val := strings.Repeat("\"q\"", 100)
	msg = `invalid value ` + `"` + strings.ReplaceAll(val, `"`, `\"`) + `"` + ` for flag -names: bad`
	if got, want := Within(msg, val), `invalid value `+Quote(val)+` for flag -names: bad`; got != want {
		t.Errorf("Within (quoted) = %q, want %q", got, want)
	}
	if got := Within("short", strings.Repeat("y", 200)); got != "short" {
		t.Errorf("Within changed a message that does not echo the input: %q", got)
	}
}

func TestWithinArgs(t *testing.T) {
	name := strings.Repeat("n", 300)
	value := strings.Repeat("v", 300)
	for _, c := range []struct{ msg, want string }{
		{"flag provided but not defined: -" + name, "flag provided but not defined: -" + Cut(name)},
		{"invalid value " + `"` + value + `"` + " for flag -x: bad", "invalid value " + Quote(value) + " for flag -x: bad"},
		{"bad flag syntax: ---" + name + "=" + value, "bad flag syntax: " + Cut("---"+name+"="+value)},
	} {
		if got := Within(c.msg, Args([]string{"0.5.0", "--" + name + "=1", "-x=" + value, "---" + name + "=" + value})...); got != c.want {
			t.Errorf("Within(%.40q...) = %q, want %q", c.msg, got, c.want)
		}
	}
}

func FuzzCut(f *testing.F) {
	for _, s := range []string{"", "0.5.0", strings.Repeat("a", 81), strings.Repeat("é", 90), "\xff\xfe" + strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cut(s)
		if utf8.RuneCountInString(s) <= Max {
			if c != s {
				t.Fatalf("Cut changed a short input: %q -> %q", s, c)
			}
			return
		}
		body, ok := strings.CutSuffix(c, "…")
		if !ok || !strings.HasPrefix(s, body) || utf8.RuneCountInString(body) != Max {
			t.Fatalf("Cut(%q) = %q: want the first %d characters and an ellipsis", s, c, Max)
		}
		if utf8.ValidString(s) && !utf8.ValidString(c) {
			t.Fatalf("Cut split a character: %q", c)
		}
		q := Quote(s)
		if !strings.HasPrefix(q, `"`) || !strings.HasSuffix(q, `…"`) || strings.ContainsAny(q, "\n\r") {
			t.Fatalf("Quote(%q) = %q", s, q)
		}
	})
}
