// Package changelog finds release sections in a Markdown changelog.
package changelog

import "errors"

// Section is one release section.
type Section struct {
	// Heading is the heading's cleaned title text.
	Heading string
	// Line is the 1-based line of the heading; EndLine the last line of the section.
	Line, EndLine int
	// Body is the section's text below the heading, trimmed of blank lines
	// at both ends, with CRLF turned into LF.
	Body string
	// HasContent reports whether Body has any line that counts as content.
	HasContent bool
	// Unreleased reports an "(Unreleased)" marker on the heading.
	Unreleased bool
}

// Changelog is a parsed changelog.
type Changelog struct{}

// Parse parses a Markdown changelog. Placeholder.
func Parse(data []byte) (*Changelog, error) { return nil, errors.New("not implemented") }

// Find returns the release section for version ("0.5.0", no prefix).
func (c *Changelog) Find(version string) (*Section, bool) { return nil, false }
