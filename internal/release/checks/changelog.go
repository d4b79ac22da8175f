package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/relguard/relguard/internal/release/changelog"
	"github.com/relguard/relguard/internal/release/discover"
	"github.com/relguard/relguard/internal/release/guard"
)

// changelogNames lists what discovery looks for, for messages.
const changelogNames = "CHANGELOG, CHANGES, HISTORY, NEWS or RELEASES (.md, .rst, .txt or no extension) at the root or in docs/"

func changelogEntry(ctx *guard.Context) []guard.Result {
	const id = "changelog.entry"
	want := wantVersion(ctx)
	if want == "" {
		return noVersion(id)
	}
	rel := discover.Discover(ctx)
	if p := problems(rel, id); len(p) > 0 {
		return p
	}
	cl := rel.Changelog
	file := cl.Path
	if file == "" {
		return []guard.Result{{ID: id, Status: guard.Warn,
			Message: "nothing checked: no changelog found (" + changelogNames + ")",
			Hint:    fmt.Sprintf("add CHANGELOG.md with a \"## [%s] - YYYY-MM-DD\" section, or set changelog: in relguard.yaml", want)}}
	}
	var results []guard.Result
	switch len(cl.Others) {
	case 0:
	case 1:
		results = append(results, guard.Result{ID: id, Status: guard.Skip, File: cl.Others[0],
			Message: fmt.Sprintf("%s not read: %s is the changelog", cl.Others[0], file)})
	default:
		results = append(results, guard.Result{ID: id, Status: guard.Skip,
			Message: fmt.Sprintf("%d other changelogs not read (%s is the changelog): %s", len(cl.Others), file, listPaths(cl.Others))})
	}
	if cl.Gone {
		return append(results, guard.Result{ID: id, Status: guard.Fail, File: file,
			Message: fmt.Sprintf("%s does not exist: %s", file, cl.Reason),
			Hint:    fmt.Sprintf("restore %s with a section for %s, or set changelog: in relguard.yaml to where the notes moved", file, want)})
	}
	data, err := readFile(ctx, file)
	if err != nil {
		r := readFail(id, file, err, "changelog")
		if errors.Is(err, fs.ErrNotExist) {
			r.Hint = fmt.Sprintf("create %s with a \"## [%s] - YYYY-MM-DD\" section, or set changelog: in relguard.yaml", file, want)
		}
		return append(results, r)
	}
	if isBinary(data) {
		return append(results, parseFail(id, file, 0, "binary data, not a Markdown changelog", "point changelog: in relguard.yaml at the Markdown changelog"))
	}
	c, err := changelog.ParseFile(file, data)
	if err != nil {
		return append(results, parseFail(id, file, 0, err.Error(), "fix the changelog's Markdown"))
	}
	component := Component(ctx.Config.TagPrefix)
	s, ok := c.FindComponent(want, component)
	if !ok {
		if !cl.Lockstep {
			return append(results, guard.Result{ID: id, Status: guard.Skip, File: file,
				Message: fmt.Sprintf("%s has no section for %s, and none is required: it %s", file, want, cl.Reason)})
		}
		line := 1
		if len(c.Sections) > 0 {
			line = c.Sections[0].Line
		}
		heading := fmt.Sprintf("## [%s] - YYYY-MM-DD", want)
		switch {
		case component != "":
			heading = fmt.Sprintf("## %s@%s", component, want)
		case changelog.IsRST(file):
			heading = fmt.Sprintf("%s underlined with ---", want)
		}
		msg := fmt.Sprintf("%s has no section for %s", file, want)
		if cl.AnchorTag != "" && !cl.Configured && strings.HasPrefix(cl.Reason, "kept") {
			msg += fmt.Sprintf(" (it has one for every release up to %s)", cl.AnchorTag)
		}
		return append(results, guard.Result{ID: id, Status: guard.Fail, File: file, Line: line,
			Message: msg,
			Hint:    fmt.Sprintf("add a %q section with the release notes to %s (above line %d)", heading, file, line)})
	}
	switch {
	case s.Placeholder:
		return append(results, guard.Result{ID: id, Status: guard.Fail, File: file, Line: s.Line,
			Message: fmt.Sprintf("%s:%d: the section for %s holds only a placeholder (%s), no release notes", file, s.Line, want, firstLine(s.Body)),
			Hint:    fmt.Sprintf("write the release notes under %q in %s and replace the placeholder with the release date", s.Heading, file)})
	case !s.HasContent:
		return append(results, guard.Result{ID: id, Status: guard.Fail, File: file, Line: s.Line,
			Message: fmt.Sprintf("%s:%d: the section for %s is empty", file, s.Line, want),
			Hint:    fmt.Sprintf("write the release notes under %q in %s", s.Heading, file)})
	case s.Unreleased:
		return append(results, guard.Result{ID: id, Status: guard.Warn, File: file, Line: s.Line,
			Message: fmt.Sprintf("%s:%d: the section for %s is still marked Unreleased", file, s.Line, want),
			Hint:    fmt.Sprintf("replace the Unreleased marker in %q with the release date", s.Heading)})
	}
	msg := fmt.Sprintf("%s has a section for %s", file, want)
	if !cl.Configured && cl.Reason != "" {
		msg += " (" + cl.Reason + ")"
	}
	return append(results, guard.Result{ID: id, Status: guard.Pass, File: file, Line: s.Line, Message: msg})
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			return t
		}
	}
	return ""
}

// Component is the monorepo component a tag prefix template names:
// "api/v" and "api@" give "api", "services/api/v" gives "services/api",
// and a plain "v" gives "".
func Component(prefix string) string { return discover.Component(prefix) }

func isBinary(data []byte) bool {
	return strings.IndexByte(string(data), 0) >= 0
}
