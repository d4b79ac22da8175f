// Package changelog finds release sections in a Markdown or
// reStructuredText changelog.
//
// The parser is heading-aware rather than a text search: it recognises ATX
// headings ("## 0.5.0") and setext headings (a title underlined with = or -),
// and ignores anything inside fenced or indented code blocks and HTML
// comments, so a version quoted in an example never counts as a release.
// In reStructuredText mode, a heading is a title underlined (and
// optionally overlined) with any punctuation character, its level set by
// the order in which the styles first appear, and ".." comments and
// directives are not content.
package changelog

import (
	"bytes"
	"regexp"
	"strings"
)

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
	// Unreleased reports an "(Unreleased)" or "(TBD)" marker on the
	// heading, or a body whose first line is such a placeholder.
	Unreleased bool
	// Placeholder reports a body whose only content is placeholders such
	// as "Unreleased", "TBD" or "Release date: TBD": no release notes.
	Placeholder bool

	// Version is the version the heading names, as written without a
	// leading "v" ("0.5.0", "0.5.0-rc.1").
	Version string
	// Component is the name written before the version in monorepo and
	// towncrier headings ("api" in "api/v0.5.0", "api@0.5.0" or
	// "api 0.5.0"); empty for plain headings.
	Component string
	// Level is the heading level, 1 to 6.
	Level int
}

// Changelog is a parsed changelog.
type Changelog struct {
	// Sections lists the release sections in document order. Headings
	// under a Roadmap/Planned/Upcoming parent and headings marked
	// "(planned)" are not releases and are left out.
	Sections []Section
}

// heading is any Markdown heading, release or not.
type heading struct {
	level     int
	title     string // raw title text
	line      int    // 0-based first line
	bodyStart int    // 0-based line after the heading (after a setext underline)
}

// lineKind classifies a line for the content rule.
type lineKind int

const (
	kindBlank lineKind = iota
	kindText
	kindCode    // inside or delimiting a fenced or indented code block
	kindComment // inside an HTML comment
	kindHeading // an ATX heading, a setext title or its underline
)

// Parse parses a Markdown changelog. It never fails on any input: text
// that is not Markdown simply has no release sections. The error is kept
// for the API's sake and for future formats.
func Parse(data []byte) (*Changelog, error) {
	return parse(data, false)
}

// ParseFile parses a changelog in the syntax its name says: a .rst file
// as reStructuredText, anything else (.md, .txt, no extension) as Markdown.
func ParseFile(name string, data []byte) (*Changelog, error) {
	return parse(data, IsRST(name))
}

// IsRST tells whether a file name is a reStructuredText document.
func IsRST(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".rst")
}

func parse(data []byte, rst bool) (*Changelog, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	var kinds []lineKind
	var headings []heading
	if rst {
		kinds, headings = scanRST(lines)
	} else {
		kinds, headings = scan(lines)
	}

	// A section runs to the next heading of the same or higher level; one
	// pass with a stack of open headings finds every end in linear time.
	ends := make([]int, len(headings))
	var open []int
	for i, h := range headings {
		for len(open) > 0 && headings[open[len(open)-1]].level >= h.level {
			ends[open[len(open)-1]] = h.line
			open = open[:len(open)-1]
		}
		open = append(open, i)
	}
	for _, i := range open {
		ends[i] = len(lines)
	}

	c := &Changelog{}
	// parents holds the enclosing headings, to exclude a roadmap's children.
	type parent struct {
		level int
		plan  bool
	}
	var parents []parent
	for i, h := range headings {
		for len(parents) > 0 && parents[len(parents)-1].level >= h.level {
			parents = parents[:len(parents)-1]
		}
		title := cleanTitle(h.title)
		underPlan := false
		for _, p := range parents {
			underPlan = underPlan || p.plan
		}
		parents = append(parents, parent{h.level, isPlanParent(title)})
		if underPlan {
			continue
		}
		m, ok := matchRelease(title)
		if !ok || m.planned {
			continue
		}
		end := ends[i] // exclusive
		s := Section{
			Heading:    title,
			Line:       h.line + 1,
			Version:    m.version,
			Component:  m.component,
			Unreleased: m.unreleased,
			Level:      h.level,
		}
		s.Body, s.HasContent, s.EndLine = body(lines, kinds, h.bodyStart, end)
		if s.EndLine < s.Line {
			s.EndLine = h.bodyStart // the heading's own last line
		}
		s.Placeholder, s.Unreleased = placeholders(lines, kinds, h.bodyStart, s.EndLine, s.Unreleased)
		c.Sections = append(c.Sections, s)
	}
	return c, nil
}

// Find returns the release section for version ("0.5.0", no prefix). A
// leading "v" on version is ignored. The first matching section wins.
func (c *Changelog) Find(version string) (*Section, bool) {
	if c == nil {
		return nil, false
	}
	version = strings.TrimPrefix(version, "v")
	for i := range c.Sections {
		if c.Sections[i].Version == version {
			return &c.Sections[i], true
		}
	}
	return nil, false
}

// FindComponent returns the section for version of one component of a
// monorepo: a heading naming the component ("api/v0.5.0", "api@0.5.0",
// "api v0.5.0"), or else a plain heading without a component name (for a
// changelog kept per component). The component compares case-insensitively,
// either whole or by its last path element ("services/api" matches "api").
func (c *Changelog) FindComponent(version, component string) (*Section, bool) {
	if c == nil {
		return nil, false
	}
	if component == "" {
		return c.Find(version)
	}
	version = strings.TrimPrefix(version, "v")
	base := component[strings.LastIndex(component, "/")+1:]
	for i := range c.Sections {
		s := &c.Sections[i]
		if s.Version == version && (strings.EqualFold(s.Component, component) || strings.EqualFold(s.Component, base)) {
			return s, true
		}
	}
	for i := range c.Sections {
		s := &c.Sections[i]
		if s.Version == version && s.Component == "" {
			return s, true
		}
	}
	return nil, false
}

var (
	atxRe       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	atxCloseRe  = regexp.MustCompile(`(?:^|[ \t]+)#+[ \t]*$`)
	setextRe    = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	fenceRe     = regexp.MustCompile("^( {0,3})(`{3,}|~{3,})(.*)$")
	listOrQuote = regexp.MustCompile(`^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>)`)
	thematicRe  = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$`)
	anchorRe    = regexp.MustCompile(`(?i)^\s*(?:<a\s+(?:name|id)\s*=\s*["']?[^"'>]*["']?\s*>\s*</a>\s*)+$`)
	linkRefRe   = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*\S+.*$`)
)

// scan classifies every line and collects the headings.
func scan(lines []string) ([]lineKind, []heading) {
	kinds := make([]lineKind, len(lines))
	var headings []heading
	var (
		fenceChar   byte
		fenceLen    int
		inComment   bool
		paraStart   = -1 // first line of the current paragraph, -1 if none
		prevBlank   = true
		inParagraph = false
	)
	for i, line := range lines {
		switch {
		case fenceLen > 0:
			kinds[i] = kindCode
			if m := fenceRe.FindStringSubmatch(line); m != nil && m[2][0] == fenceChar && len(m[2]) >= fenceLen && strings.TrimSpace(m[3]) == "" {
				fenceLen = 0
			}
			continue
		case inComment:
			kinds[i] = kindComment
			if strings.Contains(line, "-->") {
				inComment = false
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			kinds[i] = kindBlank
			prevBlank, inParagraph, paraStart = true, false, -1
			continue
		}
		if m := fenceRe.FindStringSubmatch(line); m != nil && !(m[2][0] == '`' && strings.Contains(m[3], "`")) {
			kinds[i] = kindCode
			fenceChar, fenceLen = m[2][0], len(m[2])
			prevBlank, inParagraph, paraStart = false, false, -1
			continue
		}
		if !inParagraph && isIndentedCode(line) {
			kinds[i] = kindCode
			prevBlank = false
			continue
		}
		if strings.HasPrefix(trimmed, "<!--") {
			kinds[i] = kindComment
			rest := trimmed[len("<!--"):]
			if !strings.Contains(rest, "-->") {
				inComment = true
			}
			prevBlank, inParagraph, paraStart = false, false, -1
			continue
		}
		if m := atxRe.FindStringSubmatch(line); m != nil {
			kinds[i] = kindHeading
			title := atxCloseRe.ReplaceAllString(m[2], "")
			if strings.Trim(m[2], "# \t") == "" {
				title = ""
			}
			headings = append(headings, heading{level: len(m[1]), title: title, line: i, bodyStart: i + 1})
			prevBlank, inParagraph, paraStart = false, false, -1
			continue
		}
		if inParagraph && paraStart >= 0 && setextRe.MatchString(line) {
			level := 1
			if strings.TrimSpace(line)[0] == '-' {
				level = 2
			}
			var parts []string
			for j := paraStart; j < i; j++ {
				parts = append(parts, strings.TrimSpace(lines[j]))
				kinds[j] = kindHeading
			}
			kinds[i] = kindHeading
			headings = append(headings, heading{level: level, title: strings.Join(parts, " "), line: paraStart, bodyStart: i + 1})
			prevBlank, inParagraph, paraStart = false, false, -1
			continue
		}
		kinds[i] = kindText
		switch {
		case thematicRe.MatchString(line):
			inParagraph, paraStart = false, -1
		case listOrQuote.MatchString(line):
			// A list item or quote is a paragraph that cannot become a
			// setext title, but its lazy continuation lines still belong to it.
			inParagraph, paraStart = true, -1
		case !inParagraph:
			inParagraph, paraStart = true, i
		}
		_ = prevBlank
		prevBlank = false
	}
	return kinds, headings
}

// rstPunctuation are the characters a reStructuredText section
// adornment may repeat.
const rstPunctuation = "=-~^*+#\"'`.:_!$%&,;<>?@\\|/"

// rstAdornment returns the character a line repeats when it is a section
// adornment (three or more of one punctuation character), or "".
func rstAdornment(line string) string {
	t := strings.TrimRight(line, " \t")
	if len(t) < 3 || !strings.ContainsRune(rstPunctuation, rune(t[0])) {
		return ""
	}
	if strings.Trim(t, t[:1]) != "" {
		return ""
	}
	return t[:1]
}

// scanRST classifies the lines of a reStructuredText document and
// collects its section titles: a line underlined, or over- and
// underlined, with an adornment at least three characters long. Levels
// follow the order in which adornment styles first appear.
func scanRST(lines []string) ([]lineKind, []heading) {
	kinds := make([]lineKind, len(lines))
	var headings []heading
	styles := map[string]int{}
	level := func(style string) int {
		if l, ok := styles[style]; ok {
			return l
		}
		styles[style] = len(styles) + 1
		return styles[style]
	}
	adornment := func(i int) string {
		if i < 0 || i >= len(lines) {
			return ""
		}
		return rstAdornment(lines[i])
	}
	inComment := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			kinds[i] = kindBlank
			continue
		}
		indented := line[0] == ' ' || line[0] == '\t'
		if inComment && indented {
			kinds[i] = kindComment
			continue
		}
		inComment = false
		if strings.HasPrefix(line, "..") && (len(line) == 2 || line[2] == ' ') {
			// A comment or directive (".. currentmodule:: flask"), with its
			// indented body.
			kinds[i] = kindComment
			inComment = true
			continue
		}
		if c := adornment(i); c != "" && i+2 < len(lines) && adornment(i+2) == c && !indented && strings.TrimSpace(lines[i+1]) != "" && adornment(i+1) == "" {
			kinds[i], kinds[i+1], kinds[i+2] = kindHeading, kindHeading, kindHeading
			headings = append(headings, heading{level: level("over" + c), title: strings.TrimSpace(lines[i+1]), line: i + 1, bodyStart: i + 3})
			i += 2
			continue
		}
		if c := adornment(i + 1); c != "" && !indented && adornment(i) == "" && (i == 0 || strings.TrimSpace(lines[i-1]) == "" || kinds[i-1] == kindHeading || kinds[i-1] == kindComment) {
			kinds[i], kinds[i+1] = kindHeading, kindHeading
			headings = append(headings, heading{level: level(c), title: trimmed, line: i, bodyStart: i + 2})
			i++
			continue
		}
		if indented && (i == 0 || kinds[i-1] == kindBlank) && strings.HasSuffix(strings.TrimSpace(lastText(lines, kinds, i)), "::") {
			kinds[i] = kindCode
			continue
		}
		kinds[i] = kindText
		if indented && i > 0 && kinds[i-1] == kindCode {
			kinds[i] = kindCode
		}
	}
	return kinds, headings
}

// lastText is the last non-blank line before i.
func lastText(lines []string, kinds []lineKind, i int) string {
	for j := i - 1; j >= 0; j-- {
		if kinds[j] != kindBlank {
			return lines[j]
		}
	}
	return ""
}

// isIndentedCode reports a line indented by four columns outside a
// paragraph, which Markdown renders as code.
func isIndentedCode(line string) bool {
	col := 0
	for _, r := range line {
		switch r {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col >= 4
		}
		if col >= 4 {
			return true
		}
	}
	return false
}

// body extracts the section text between lines start and end (exclusive).
func body(lines []string, kinds []lineKind, start, end int) (text string, hasContent bool, endLine int) {
	if start > end {
		start = end
	}
	// Trailing blank lines and the next release's bare anchor belong to
	// no section.
	for end > start && (kinds[end-1] == kindBlank || (kinds[end-1] == kindText && anchorRe.MatchString(lines[end-1]))) {
		end--
	}
	for start < end && kinds[start] == kindBlank {
		start++
	}
	for i := start; i < end; i++ {
		if isContent(lines[i], kinds[i]) {
			hasContent = true
			break
		}
	}
	return strings.Join(lines[start:end], "\n"), hasContent, end
}

func isContent(line string, k lineKind) bool {
	switch k {
	case kindBlank, kindHeading, kindComment:
		return false
	case kindCode:
		return true
	}
	if anchorRe.MatchString(line) || linkRefRe.MatchString(line) {
		return false
	}
	// A line holding only a complete HTML comment.
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->") {
		return false
	}
	return true
}

var (
	tagRe        = regexp.MustCompile(`<[^>]*>`)
	inlineLinkRe = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	refLinkRe    = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	emphasisRe   = regexp.MustCompile("[*_`]+")
	spaceRe      = regexp.MustCompile(`\s+`)

	bracketRemover = strings.NewReplacer("[", "", "]", "")
)

// cleanTitle strips HTML tags, link syntax, brackets and emphasis from a
// heading title.
func cleanTitle(s string) string {
	s = tagRe.ReplaceAllString(s, "")
	s = inlineLinkRe.ReplaceAllString(s, "$1")
	s = refLinkRe.ReplaceAllString(s, "$1")
	s = bracketRemover.Replace(s)
	s = emphasisRe.ReplaceAllStringFunc(s, func(m string) string {
		// Keep underscores inside words ("my_app 1.0.0").
		if strings.Trim(m, "_") == "" {
			return m
		}
		return ""
	})
	s = strings.Trim(s, "_ \t")
	return spaceRe.ReplaceAllString(s, " ")
}

var planParentRe = regexp.MustCompile(`(?i)^(?:roadmap|planned|upcoming|future)\b`)

func isPlanParent(title string) bool { return planParentRe.MatchString(title) }

// A version token starts with a digit and runs to the first character that
// cannot be part of a version, so "0.5.0" never matches "0.5.0-rc.1",
// "0.5.00", "10.5.0" or "0.5.0b1".
const token = `v?([0-9][0-9A-Za-z.+_-]*)`

var (
	plainRe   = regexp.MustCompile(`^(?i:(?:version|release)\s+)?` + token + `(.*)$`)
	datedRe   = regexp.MustCompile(`^[^,]{1,40},\s*(?i:version|release)\s+` + token + `(.*)$`)
	namedRe   = regexp.MustCompile(`^(@?[A-Za-z][\w./@-]*?)(?:\s+|/|@)` + token + `(.*)$`)
	namedTail = regexp.MustCompile(`^(?:\s*\(.*\)|\s+[-–—]\s+.*|\s*)$`)
	markerRe  = regexp.MustCompile(`(?i)\b(?:unreleased|tbd|tba|in development|not yet released)\b`)
	plannedRe = regexp.MustCompile(`(?i)\bplanned\b`)
)

type releaseMatch struct {
	version, component  string
	unreleased, planned bool
}

// matchRelease decides whether a cleaned heading title names a release.
func matchRelease(title string) (releaseMatch, bool) {
	var m releaseMatch
	var rest string
	if s := plainRe.FindStringSubmatch(title); s != nil && isVersion(s[1]) {
		m.version, rest = trimVersion(s[1]), s[2]
	} else if s := datedRe.FindStringSubmatch(title); s != nil && isVersion(s[1]) {
		m.version, rest = trimVersion(s[1]), s[2]
	} else if s := namedRe.FindStringSubmatch(title); s != nil && isVersion(s[2]) && namedTail.MatchString(s[3]) {
		name := s[1]
		if planParentRe.MatchString(name) || strings.EqualFold(name, "version") || strings.EqualFold(name, "release") {
			return m, false
		}
		m.component, m.version, rest = name, trimVersion(s[2]), s[3]
	} else {
		return m, false
	}
	m.unreleased = markerRe.MatchString(rest)
	m.planned = plannedRe.MatchString(rest)
	return m, true
}

// placeholderRe is a line that stands in for release notes or a date.
var placeholderRe = regexp.MustCompile(`(?i)^[\s*_(\[]*(?:unreleased|not yet released|tbd|tba|in development|under development|release date:?\s*(?:tbd|tba|unreleased|\?+|x+[-x]*)?|released:?\s*(?:tbd|tba|unreleased|\?+|x+[-x]*))[\s*_)\].:!]*$`)

// placeholders reports a body made only of placeholder lines, and whether
// the body opens with one ("Unreleased" above the notes, as Flask writes).
func placeholders(lines []string, kinds []lineKind, start, end int, marked bool) (only, unreleased bool) {
	content, holders, first := 0, 0, true
	for i := start; i < end && i < len(lines); i++ {
		if !isContent(lines[i], kinds[i]) {
			continue
		}
		content++
		if kinds[i] == kindText && placeholderRe.MatchString(lines[i]) {
			holders++
			if first {
				marked = true
			}
		}
		first = false
	}
	return content > 0 && holders == content, marked
}

// isVersion requires a dot so that dates and plain numbers ("2025-01-27",
// "2") are not taken for versions.
func isVersion(tok string) bool {
	return strings.Contains(strings.TrimRight(tok, "."), ".")
}

// trimVersion drops a sentence-ending dot ("Release 0.5.0.").
func trimVersion(tok string) string { return strings.TrimRight(tok, ".") }
