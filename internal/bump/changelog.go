package bump

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/relguard/relguard/internal/release/changelog"
	"github.com/relguard/relguard/internal/release/versionfile"
)

// ChangelogRelease says which section to write.
type ChangelogRelease struct {
	Path string
	// Version is the release without a tag prefix ("0.5.0"); Tag is its
	// tag ("v0.5.0"), for the compare links.
	Version, Tag string
	// Component is a monorepo component's name, for finding an existing
	// section the way the release guard does; "" for plain releases.
	Component string
	// Date is YYYY-MM-DD.
	Date string
	// Notes, when not nil, is the new section's body: the changelog does
	// not need an Unreleased section.
	Notes []byte
}

var (
	atxPrefixRe  = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+`)
	unreleasedRe = regexp.MustCompile(`(?i)^\[unreleased\]:[ \t]*(\S+)`)
	compareRe    = regexp.MustCompile(`^(\S*/compare/)(\S+?)\.\.\.(\S+)$`)
	versionRefRe = regexp.MustCompile(`^ {0,3}\[v?[0-9][^\]]*\]:[ \t]*(\S*/compare/)(\S+?)\.\.\.(\S+)`)
)

// Changelog records the edits that give the release its changelog section:
// the Keep-a-Changelog "Unreleased" section becomes "[VERSION] - DATE"
// under a fresh empty "Unreleased", or with notes a new section is written
// above the newest release; and the compare links at the bottom follow. It
// returns false when the changelog already has the release's section.
func (p *Plan) Changelog(r ChangelogRelease) (bool, error) {
	data, err := p.Read(r.Path)
	if errors.Is(err, fs.ErrNotExist) {
		if r.Notes == nil {
			return false, errorf(r.Path, 0, "there is no changelog; create it with a \"## [%s] - %s\" section, or pass --notes FILE to create it", r.Version, r.Date)
		}
		text := fmt.Sprintf("# Changelog\n\n## [%s] - %s\n\n%s\n", r.Version, r.Date, strings.TrimSpace(normalizeEOL(string(r.Notes), "\n")))
		p.Create(r.Path, []byte(text))
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: 3, What: "changelog", New: fmt.Sprintf("new file with [%s] - %s", r.Version, r.Date)})
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if i := loneCR(data); i >= 0 {
		// The release guard reads a lone CR as a line break; the edits
		// would count lines differently.
		return false, errorf(r.Path, versionfile.LineAt(data, i), "the changelog ends lines with CR alone; convert it to LF or CRLF")
	}
	cl, _ := changelog.ParseFile(r.Path, data)
	lines := splitLines(data)
	eol := lineEnding(data)
	if s, ok := cl.FindComponent(r.Version, r.Component); ok {
		if !s.Unreleased {
			return false, nil
		}
		return p.markReleased(r, data, lines, *s)
	}
	var unreleased *changelog.Heading
	for _, h := range changelog.Headings(data) {
		if strings.EqualFold(h.Title, "unreleased") && !h.Setext {
			h := h
			unreleased = &h
			break
		}
	}
	styled, styledOK := styledHeading(data, lines, cl, r)

	var sectionLine int
	if r.Notes == nil {
		if unreleased == nil {
			return false, errorf(r.Path, 0, "no section for %s and no Unreleased section to turn into it; add \"## [Unreleased]\" with the release notes, or pass --notes FILE", r.Version)
		}
		l := lines[unreleased.Line-1]
		prefix := atxPrefixRe.FindString(l.text(data))
		heading := prefix + r.Version + " - " + r.Date
		if strings.Contains(strings.ToLower(l.text(data)), "[unreleased]") {
			heading = prefix + "[" + r.Version + "] - " + r.Date
		}
		if styledOK && len(styled) == 1 {
			heading = styled[0]
		}
		// The old heading stays as the fresh Unreleased; the release's
		// heading goes below it, above the notes.
		if err := p.Add(r.Path, Splice{Start: l.end, End: l.end, Text: eol + eol + heading}); err != nil {
			return false, err
		}
		sectionLine = unreleased.Line + 2
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: unreleased.Line, What: "changelog", Old: "Unreleased", New: headingSummary(heading)})
	} else {
		notes := strings.Trim(normalizeEOL(string(r.Notes), eol), "\r\n")
		if strings.TrimSpace(notes) == "" {
			return false, errorf(r.Path, 0, "the notes file is empty; write the release notes in it")
		}
		prefix, bracket := "## ", true
		var adornments []string // the newest heading's underline and overline, when it has them
		at := len(data)
		switch {
		case len(cl.Sections) > 0:
			above := previousRelease(cl, r.Version)
			if above == nil {
				above = &cl.Sections[0]
			}
			first := lines[above.Line-1]
			if pf := atxPrefixRe.FindString(first.text(data)); pf != "" {
				prefix = pf
				bracket = strings.HasPrefix(first.text(data)[len(pf):], "[")
			}
			var top int
			top, adornments = headingLines(data, lines, above.Line)
			if len(adornments) > 0 {
				prefix, bracket = "", false
			}
			at = lines[top].start
			sectionLine = top + 1
		default:
			// Before the link references at the bottom, if any.
			sectionLine = len(lines) + 1
			for i := len(lines) - 1; i >= 0; i-- {
				t := strings.TrimSpace(lines[i].text(data))
				if t == "" {
					continue
				}
				if !linkRefLineRe.MatchString(t) {
					break
				}
				at, sectionLine = lines[i].start, i+1
			}
		}
		title := r.Version + " - " + r.Date
		if bracket {
			title = "[" + r.Version + "] - " + r.Date
		}
		heading := []string{prefix + title}
		switch {
		case styledOK:
			heading = styled
		case len(adornments) > 0:
			heading = []string{title, strings.Repeat(adornments[0][:1], max(len(title), len(adornments[0])))}
			if len(adornments) == 2 {
				heading = append([]string{heading[1]}, heading...)
			}
		}
		text := strings.Join(heading, eol) + eol + eol + notes + eol + eol
		if at == len(data) && len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
			text = eol + eol + text
		}
		if err := p.Add(r.Path, Splice{Start: at, End: at, Text: text}); err != nil {
			return false, err
		}
		shown := heading[0]
		if len(heading) == 3 {
			shown = heading[1]
		}
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: sectionLine, What: "changelog", New: headingSummary(shown) + " (from the notes file)"})
	}
	if err := p.changelogLinks(r, data, lines, eol); err != nil {
		return false, err
	}

	// The release guard must accept the new section.
	after, _ := p.Content(r.Path)
	ncl, _ := changelog.ParseFile(r.Path, after)
	s, ok := ncl.FindComponent(r.Version, r.Component)
	switch {
	case !ok:
		return false, errorf(r.Path, sectionLine, "internal error: the new %s section is not recognised", r.Version)
	case !s.HasContent && r.Notes == nil:
		return false, errorf(r.Path, unreleased.Line, "the Unreleased section is empty; write the release notes under it, or pass --notes FILE")
	case !s.HasContent:
		return false, errorf(r.Path, 0, "the notes file holds no release notes")
	}
	return true, nil
}

var tagLinkRe = regexp.MustCompile(`^ {0,3}\[(v?[0-9][^\]]*)\]:[ \t]*(\S+)`)

var linkRefLineRe = regexp.MustCompile(`^\[[^\]]+\]:\s*\S+`)

// changelogLinks updates Keep-a-Changelog's compare links: the Unreleased
// link starts from the new tag, and the release gets a link from the
// previous tag to its own. Without an Unreleased link, the newest release
// link shows the pattern.
func (p *Plan) changelogLinks(r ChangelogRelease, data []byte, lines []lineSpan, eol string) error {
	label := "[" + r.Version + "]:"
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l.text(data)), label) {
			return nil // the release already has its link
		}
	}
	for i, l := range lines {
		text := l.text(data)
		m := unreleasedRe.FindStringSubmatchIndex(text)
		if m == nil {
			continue
		}
		url := text[m[2]:m[3]]
		c := compareRe.FindStringSubmatchIndex(url)
		if c == nil {
			p.Note(fmt.Sprintf("%s:%d: the [Unreleased] link is not a compare link; add the link for [%s] by hand", r.Path, i+1, r.Version))
			return nil
		}
		base, prev := url[c[2]:c[3]], url[c[4]:c[5]]
		if prev == r.Tag {
			return nil
		}
		tagStart := l.start + m[2] + c[4]
		if err := p.Add(r.Path, Splice{Start: tagStart, End: tagStart + len(prev), Text: r.Tag}); err != nil {
			return err
		}
		link := fmt.Sprintf("[%s]: %s%s...%s", r.Version, base, prev, r.Tag)
		// A project that links releases to their tag page rather than to
		// a comparison keeps its style: the newest release link, with the
		// previous tag replaced by the new one.
		if i+1 < len(lines) {
			if n := tagLinkRe.FindStringSubmatch(lines[i+1].text(data)); n != nil && !compareRe.MatchString(n[2]) && strings.HasSuffix(n[2], prev) {
				link = fmt.Sprintf("[%s]: %s%s", r.Version, strings.TrimSuffix(n[2], prev), r.Tag)
			}
		}
		if err := p.Add(r.Path, Splice{Start: l.end, End: l.end, Text: eol + link}); err != nil {
			return err
		}
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: i + 1, What: "changelog link [Unreleased]", Old: prev + "...", New: r.Tag + "..."})
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: i + 2, What: "changelog link", New: link})
		return nil
	}
	for i, l := range lines {
		m := versionRefRe.FindStringSubmatch(l.text(data))
		if m == nil {
			continue
		}
		base, newest := m[1], m[3]
		if newest == r.Tag {
			return nil
		}
		link := fmt.Sprintf("[%s]: %s%s...%s", r.Version, base, newest, r.Tag)
		if err := p.Add(r.Path, Splice{Start: l.start, End: l.start, Text: link + eol}); err != nil {
			return err
		}
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: i + 1, What: "changelog link", New: link})
		return nil
	}
	return nil
}

// loneCR is the offset of the first CR not followed by LF, or -1.
func loneCR(data []byte) int {
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			return i
		}
	}
	return -1
}

// headingSummary is a heading's text without its ATX marks, for the summary.
func headingSummary(h string) string {
	return strings.TrimSpace(atxPrefixRe.ReplaceAllString(h, ""))
}

var (
	// releasedMarkerRe finds the word of a placeholder line to date:
	// "Unreleased" (Flask), "Release date: TBD", "Released: ???".
	releasedMarkerRe = regexp.MustCompile(`(?i)(release date:?\s*|released:?\s*)?(unreleased|not yet released|in development|under development|tbd|tba|\?+|x+[-x]*)`)
	headingMarkerRe  = regexp.MustCompile(`(?i)\b(?:unreleased|tbd|tba|in development|not yet released)\b`)
)

// markReleased dates the release's section that is still marked
// unreleased: the marker on its heading ("## 27.0.0 (unreleased)" gives
// "## 27.0.0 (2024-04-02)") or the placeholder that opens its body
// ("Unreleased" gives "Released 2024-01-18", as Flask writes it).
func (p *Plan) markReleased(r ChangelogRelease, data []byte, lines []lineSpan, s changelog.Section) (bool, error) {
	if s.Line < 1 || s.Line > len(lines) {
		return false, errorf(r.Path, s.Line, "internal error: the section's heading is outside the file")
	}
	if s.Placeholder || !s.HasContent {
		return false, errorf(r.Path, s.Line, "the section for %s has no release notes; write them under its heading", r.Version)
	}
	title := lines[s.Line-1]
	text := title.text(data)
	// The marker follows the version on the heading.
	if at := strings.Index(text, s.Version); at >= 0 {
		if m := headingMarkerRe.FindStringIndex(text[at+len(s.Version):]); m != nil {
			start := title.start + at + len(s.Version) + m[0]
			old := text[at+len(s.Version)+m[0] : at+len(s.Version)+m[1]]
			if err := p.Add(r.Path, Splice{Start: start, End: start + m[1] - m[0], Text: r.Date}); err != nil {
				return false, err
			}
			p.Changes = append(p.Changes, Change{Path: r.Path, Line: s.Line, What: "changelog " + s.Version, Old: old, New: r.Date})
			return p.checkReleased(r, s.Line)
		}
	}
	_, adornments := headingLines(data, lines, s.Line)
	body := s.Line // the 0-based line after the title
	if len(adornments) > 0 {
		body++ // after the underline
	}
	for i := body; i < s.EndLine && i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l.text(data)) == "" {
			continue
		}
		m := releasedMarkerRe.FindStringSubmatchIndex(l.text(data))
		if m == nil {
			break
		}
		word := strings.ToLower(l.text(data)[m[4]:m[5]])
		start, end, text := l.start+m[4], l.start+m[5], r.Date
		if m[2] < 0 && word != "tbd" && word != "tba" {
			text = "Released " + r.Date // "Unreleased", "In development"
		}
		if err := p.Add(r.Path, Splice{Start: start, End: end, Text: text}); err != nil {
			return false, err
		}
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: i + 1, What: "changelog " + s.Version, Old: l.text(data)[m[4]:m[5]], New: text})
		return p.checkReleased(r, s.Line)
	}
	return false, errorf(r.Path, s.Line, "the section for %s is marked unreleased, but bump cannot find the marker to replace; write the release date in it by hand", r.Version)
}

// checkReleased makes sure the release guard reads the edited section as
// released, with notes.
func (p *Plan) checkReleased(r ChangelogRelease, line int) (bool, error) {
	after, _ := p.Content(r.Path)
	cl, _ := changelog.ParseFile(r.Path, after)
	s, ok := cl.FindComponent(r.Version, r.Component)
	switch {
	case !ok || s.Unreleased:
		return false, errorf(r.Path, line, "the section for %s is marked unreleased, but bump cannot find the marker to replace; write the release date in it by hand", r.Version)
	case !s.HasContent || s.Placeholder:
		return false, errorf(r.Path, line, "the section for %s has no release notes; write them under its heading", r.Version)
	}
	return true, nil
}

// lineSpan is one line of a file: start to end, the end before its line
// ending.
type lineSpan struct{ start, end int }

func (l lineSpan) text(data []byte) string { return string(data[l.start:l.end]) }

// splitLines splits data into lines whose numbers match the changelog
// parser's (a BOM is part of line 1's bytes, not of its text).
func splitLines(data []byte) []lineSpan {
	var out []lineSpan
	start := 0
	if bytes.HasPrefix(data, utf8BOM) {
		start = len(utf8BOM)
	}
	for start <= len(data) {
		i := bytes.IndexByte(data[start:], '\n')
		if i < 0 {
			if start < len(data) {
				out = append(out, lineSpan{start, len(data)})
			}
			break
		}
		end := start + i
		if end > start && data[end-1] == '\r' {
			end--
		}
		out = append(out, lineSpan{start, end})
		start += i + 1
	}
	return out
}

func normalizeEOL(s, eol string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if eol != "\n" {
		s = strings.ReplaceAll(s, "\n", eol)
	}
	return s
}
