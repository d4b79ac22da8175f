// Package excerpt bounds the user input that relguard echoes in its
// messages — a version argument, a line of a file, a configuration key —
// so that one oversized value cannot flood a terminal or a CI log. Input
// longer than Max characters is cut and marked with "…".
package excerpt

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Max is how many characters of an input a message shows.
const Max = 80

const ellipsis = "…"

// Cut returns s when it has at most Max characters, else its first Max
// characters followed by "…". A cut never splits a UTF-8 sequence.
func Cut(s string) string {
	if end, cut := cutAt(s); cut {
		return s[:end] + ellipsis
	}
	return s
}

// Quote returns s quoted as %q does; a cut input ends with "…" inside the
// quotes: "registry.example.com/app:aaaaaaaa…".
func Quote(s string) string {
	end, cut := cutAt(s)
	if !cut {
		return strconv.Quote(s)
	}
	q := strconv.Quote(s[:end])
	return q[:len(q)-1] + ellipsis + `"`
}

// Within returns msg, a message written by other code (the flag package,
// a parser), with every long input among inputs that it echoes cut, in
// its plain and its quoted spelling.
func Within(msg string, inputs ...string) string {
	for _, in := range inputs {
		if _, cut := cutAt(in); !cut {
			continue
		}
		if q := strconv.Quote(in); strings.Contains(msg, q) {
			msg = strings.ReplaceAll(msg, q, Quote(in))
		}
		msg = strings.ReplaceAll(msg, in, Cut(in))
	}
	return msg
}

// Args lists what a flag error may echo of a command line (the flag
// package quotes the whole argument, or the name or value around "="),
// for Within.
func Args(args []string) []string {
	inputs := append([]string(nil), args...)
	for _, a := range args {
		name, value, _ := strings.Cut(a, "=")
		inputs = append(inputs, strings.TrimLeft(name, "-"), value)
	}
	return inputs
}

// cutAt returns the byte offset after the first Max characters of s, and
// whether s is longer than that.
func cutAt(s string) (int, bool) {
	if len(s) <= Max {
		return len(s), false
	}
	n, i := 0, 0
	for i < len(s) && n < Max {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return i, i < len(s)
}
