package bump

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/relguard/relguard/internal/release/changelog"
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
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		return false, errorf(r.Path, 0, "the changelog ends its lines with CR alone; convert it to LF or CRLF")
	}
	cl, _ := changelog.Parse(data)
	if _, ok := cl.FindComponent(r.Version, r.Component); ok {
		return false, nil
	}
	lines := splitLines(data)
	eol := lineEnding(data)
	var unreleased *changelog.Heading
	for _, h := range changelog.Headings(data) {
		if strings.EqualFold(h.Title, "unreleased") && !h.Setext {
			h := h
			unreleased = &h
			break
		}
	}

	var sectionLine int
	if r.Notes == nil {
		if unreleased == nil {
			return false, errorf(r.Path, 0, "no section for %s and no Unreleased section to turn into it; add \"## [Unreleased]\" with the release notes, or pass --notes FILE", r.Version)
		}
		l := lines[unreleased.Line-1]
		prefix := atxPrefixRe.FindString(l.text(data))
		title := r.Version + " - " + r.Date
		if strings.Contains(strings.ToLower(l.text(data)), "[unreleased]") {
			title = "[" + r.Version + "] - " + r.Date
		}
		// The old heading stays as the fresh Unreleased; the release's
		// heading goes below it, above the notes.
		if err := p.Add(r.Path, Splice{Start: l.end, End: l.end, Text: eol + eol + prefix + title}); err != nil {
			return false, err
		}
		sectionLine = unreleased.Line + 2
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: unreleased.Line, What: "changelog", Old: "Unreleased", New: title})
	} else {
		notes := strings.Trim(normalizeEOL(string(r.Notes), eol), "\r\n")
		if strings.TrimSpace(notes) == "" {
			return false, errorf(r.Path, 0, "the notes file is empty; write the release notes in it")
		}
		prefix, bracket := "## ", true
		at := len(data)
		switch {
		case len(cl.Sections) > 0:
			first := lines[cl.Sections[0].Line-1]
			if pf := atxPrefixRe.FindString(first.text(data)); pf != "" {
				prefix = pf
				bracket = strings.Contains(first.text(data), "[")
			}
			at = first.start
			sectionLine = cl.Sections[0].Line
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
		text := prefix + title + eol + eol + notes + eol + eol
		if at == len(data) && len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
			text = eol + eol + text
		}
		if err := p.Add(r.Path, Splice{Start: at, End: at, Text: text}); err != nil {
			return false, err
		}
		p.Changes = append(p.Changes, Change{Path: r.Path, Line: sectionLine, What: "changelog", New: title + " (from the notes file)"})
	}
	if err := p.changelogLinks(r, data, lines, eol); err != nil {
		return false, err
	}

	// The release guard must accept the new section.
	after, _ := p.Content(r.Path)
	ncl, _ := changelog.Parse(after)
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
