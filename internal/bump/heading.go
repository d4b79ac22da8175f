package bump

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"

	"github.com/relguard/relguard/internal/release/changelog"
)

// A changelog's release headings follow a style of their own: "## [8.0.1]
// (https://…/compare/v8.0.0...v8.0.1) (2023-12-15)", "## 0.26.0 (20th
// December, 2023)", "## 2.45.2 / 2023-12-19", "## v1.10.14 (2024-01-19)".
// The release's heading is the newest release's, with its version, its
// compare link and its date replaced, so that a new section looks like
// the ones the maintainers write.

// dateStyle is one way of writing a date in a heading.
type dateStyle struct {
	re     *regexp.Regexp
	render func(time.Time, string) string
}

const monthNames = `January|February|March|April|May|June|July|August|September|October|November|December`
const monthAbbrevs = `Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec`

var dateStyles = []dateStyle{
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`), layout("2006-01-02")},
	{regexp.MustCompile(`\b\d{4}/\d{2}/\d{2}\b`), layout("2006/01/02")},
	{regexp.MustCompile(`\b(?:` + monthNames + `) \d{1,2}, \d{4}\b`), layout("January 2, 2006")},
	{regexp.MustCompile(`\b(?:` + monthAbbrevs + `)\.? \d{1,2}, \d{4}\b`), func(t time.Time, old string) string {
		if strings.Contains(old, ".") {
			return t.Format("Jan. 2, 2006")
		}
		return t.Format("Jan 2, 2006")
	}},
	{regexp.MustCompile(`\b\d{1,2}(?:st|nd|rd|th) (?:` + monthNames + `),? \d{4}\b`), func(t time.Time, old string) string {
		comma := ""
		if strings.Contains(old, ",") {
			comma = ","
		}
		return fmt.Sprintf("%d%s %s%s %d", t.Day(), ordinal(t.Day()), t.Month(), comma, t.Year())
	}},
	{regexp.MustCompile(`\b\d{1,2} (?:` + monthNames + `) \d{4}\b`), layout("2 January 2006")},
}

func layout(l string) func(time.Time, string) string {
	return func(t time.Time, _ string) string { return t.Format(l) }
}

func ordinal(day int) string {
	switch {
	case day >= 11 && day <= 13:
		return "th"
	case day%10 == 1:
		return "st"
	case day%10 == 2:
		return "nd"
	case day%10 == 3:
		return "rd"
	}
	return "th"
}

var (
	// headingTokenRe is a version-like token of a heading, as the release
	// guard's changelog parser reads versions: from a digit to the first
	// character that cannot be part of a version.
	headingTokenRe = regexp.MustCompile(`v?[0-9][0-9A-Za-z.+_-]*`)
	// headingCompareRe is a compare link's refs ("/compare/v8.0.0...v8.0.1").
	headingCompareRe = regexp.MustCompile(`/compare/([^\s)\]]+?)\.\.\.([^\s)\]>]+)`)
)

// restyle rewrites one heading title of the release prev (its version
// as written without a "v") for the release r: the compare link from
// prev's tag to r's, every token naming prev, and the date. ok is false
// when the title names another version (an app version badge) or does not
// name prev: it would then describe another release.
func restyle(title, prev string, r ChangelogRelease) (string, bool) {
	day, err := time.Parse(time.DateOnly, r.Date)
	if err != nil {
		return "", false
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	taken := func(s, e int) bool {
		for _, x := range edits {
			if s < x.end && x.start < e {
				return true
			}
		}
		return false
	}
	for _, m := range headingCompareRe.FindAllStringSubmatchIndex(title, -1) {
		to := title[m[4]:m[5]]
		if !namesVersion(to, prev) {
			return "", false
		}
		edits = append(edits, edit{m[2], m[5], to + "..." + r.Tag})
	}
	for _, st := range dateStyles {
		for _, m := range st.re.FindAllStringIndex(title, -1) {
			if !taken(m[0], m[1]) {
				edits = append(edits, edit{m[0], m[1], st.render(day, title[m[0]:m[1]])})
			}
		}
	}
	named := false
	for _, m := range headingTokenRe.FindAllStringIndex(title, -1) {
		if taken(m[0], m[1]) || m[0] > 0 && isTokenByte(title[m[0]-1]) {
			continue
		}
		tok := strings.TrimRight(title[m[0]:m[1]], ".")
		bare := strings.TrimPrefix(tok, "v")
		switch {
		case bare == prev:
			named = true
			edits = append(edits, edit{m[0] + len(tok) - len(bare), m[0] + len(tok), r.Version})
		case strings.Contains(bare, "."):
			return "", false // another version: this heading says more than which release it is
		}
	}
	if !named {
		return "", false
	}
	// Apply right to left.
	out := title
	for len(edits) > 0 {
		last := 0
		for i, e := range edits {
			if e.start > edits[last].start {
				last = i
			}
		}
		e := edits[last]
		out = out[:e.start] + e.text + out[e.end:]
		edits = append(edits[:last], edits[last+1:]...)
	}
	return out, true
}

func isTokenByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || strings.IndexByte(".+_-", c) >= 0
}

// namesVersion tells whether a tag names version ("v8.0.1", "8.0.1",
// "api/v8.0.1", "lerna@8.0.1").
func namesVersion(tag, version string) bool {
	rest, ok := strings.CutSuffix(tag, version)
	return ok && (rest == "" || !isTokenByte(rest[len(rest)-1]) || rest[len(rest)-1] == 'v' && (len(rest) == 1 || !isTokenByte(rest[len(rest)-2])))
}

// styledHeading is the heading for r in the style of the newest release
// section: its lines (an ATX line, or a title with its underline and
// overline) rewritten by restyle, an adornment as long as the title when
// it was.
func styledHeading(data []byte, lines []lineSpan, cl *changelog.Changelog, r ChangelogRelease) ([]string, bool) {
	newest := previousRelease(cl, r.Version)
	if newest == nil || newest.Line < 1 || newest.Line > len(lines) {
		return nil, false
	}
	titleLine := lines[newest.Line-1].text(data)
	title, ok := restyle(titleLine, newest.Version, r)
	if !ok {
		return nil, false
	}
	_, adornments := headingLines(data, lines, newest.Line)
	if len(adornments) == 0 {
		return []string{title}, true
	}
	resize := func(a string) string {
		n := len(a)
		if n == len(strings.TrimRight(titleLine, " \t")) || n < len(title) {
			n = len(strings.TrimRight(title, " \t"))
		}
		return strings.Repeat(a[:1], n)
	}
	heading := []string{title, resize(adornments[0])}
	if len(adornments) == 2 {
		heading = append([]string{resize(adornments[1])}, heading...)
	}
	return heading, true
}

// previousRelease is the section a new release's section goes above: the
// first, in document order, of a release before version — below an
// "Upcoming" section of the next minor release, as packer keeps one. With
// versions that do not compare, it is the first release section.
func previousRelease(cl *changelog.Changelog, version string) *changelog.Section {
	want, err := semver.NewVersion(version)
	for i := range cl.Sections {
		s := &cl.Sections[i]
		if s.Unreleased || s.Version == "" || s.Version == version {
			continue
		}
		if err != nil {
			return s
		}
		if v, verr := semver.NewVersion(s.Version); verr == nil && v.LessThan(want) {
			return s
		}
	}
	return nil
}

// headingLines finds the lines of the heading whose title is on line
// (1-based): top is the 0-based index of its first line, and adornments
// its underline and then its overline (setext, reStructuredText), none
// for an ATX heading.
func headingLines(data []byte, lines []lineSpan, line int) (top int, adornments []string) {
	top = line - 1
	if top < 0 || top >= len(lines) || atxPrefixRe.MatchString(lines[top].text(data)) {
		return top, nil
	}
	adorned := func(i int) (string, bool) {
		if i < 0 || i >= len(lines) {
			return "", false
		}
		t := strings.TrimRight(lines[i].text(data), " \t")
		if len(t) < 3 || strings.Trim(t, t[:1]) != "" || !strings.ContainsRune(rstAdornmentChars, rune(t[0])) {
			return "", false
		}
		return t, true
	}
	under, ok := adorned(line)
	if !ok {
		return top, nil
	}
	adornments = []string{under}
	if over, ok := adorned(line - 2); ok && over[0] == under[0] {
		adornments = append(adornments, over)
		top--
	}
	return top, adornments
}

// rstAdornmentChars may repeat in a setext or reStructuredText adornment.
const rstAdornmentChars = "=-~^*+#\"'`.:_!$%&,;<>?@\\|/"
