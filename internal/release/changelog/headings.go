package changelog

import (
	"bytes"
	"strings"
)

// Heading is any Markdown heading of a changelog, release or not, outside
// code blocks and HTML comments.
type Heading struct {
	// Title is the cleaned title text ("Unreleased" for "## [Unreleased]").
	Title string
	// Line is the 1-based line of the heading (the title line of a setext
	// heading).
	Line  int
	Level int
	// Setext reports a title underlined with = or -.
	Setext bool
}

// Headings lists every heading in document order, with the same rules as
// Parse (so a heading quoted in a code block is not one).
func Headings(data []byte) []Heading {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	_, hs := scan(lines)
	out := make([]Heading, 0, len(hs))
	for _, h := range hs {
		out = append(out, Heading{Title: cleanTitle(h.title), Line: h.line + 1, Level: h.level, Setext: h.bodyStart > h.line+1})
	}
	return out
}
