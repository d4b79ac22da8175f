package releasecmd

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/relguard/relguard/internal/release/checks"
	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/verify"
)

// The report writers are shared by `relguard check`, whose results sit at
// a file and line of the repository, and `relguard verify`, whose results
// are about a URL of the deployment. Each command turns its report into a
// rendering; the text, SARIF and GitHub writers only see renderings, and
// JSON writes each command's own report type.

// writers maps --format values to writers of check reports.
var writers = map[string]func(io.Writer, guard.Report) error{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  sarifWriter(""),
	"github": writeGitHub,
}

// verifyWriters maps --format values to writers of verify reports.
var verifyWriters = map[string]func(io.Writer, verify.Report) error{
	"text":   func(w io.Writer, rep verify.Report) error { return renderText(w, verifyRendering(rep)) },
	"json":   writeVerifyJSON,
	"sarif":  func(w io.Writer, rep verify.Report) error { return renderSARIF(w, verifyRendering(rep), "") },
	"github": func(w io.Writer, rep verify.Report) error { return renderGitHub(w, verifyRendering(rep)) },
}

// rendering is a report as the writers see it.
type rendering struct {
	// title heads the text output; name starts the GitHub summary line.
	title, name string
	// verdict ends the summary line.
	verdict string
	ok      bool
	counts  map[guard.Status]int
	rules   []ruleInfo
	items   []item
}

type ruleInfo struct{ id, title string }

// item is one result.
type item struct {
	id            string
	status        guard.Status
	message, hint string
	// file and line locate a check result in the repository.
	file string
	line int
	// url is the URL a verify result judged; where is how the text output
	// shows it (the path under the verified base URL).
	url, where string
}

func checkRendering(rep guard.Report) rendering {
	r := rendering{
		title:   fmt.Sprintf("relguard check %s (tag %s)", rep.Version, rep.Tag),
		name:    "relguard check " + rep.Version,
		verdict: "ready to release " + rep.Tag,
		ok:      rep.OK,
		counts:  rep.Counts(),
	}
	if !rep.OK {
		r.verdict = "not ready to release " + rep.Tag
	}
	for _, c := range checks.All() {
		r.rules = append(r.rules, ruleInfo{c.ID, c.Title})
	}
	for _, c := range rep.Checks {
		r.items = append(r.items, item{id: c.ID, status: c.Status, message: c.Message, hint: c.Hint, file: c.File, line: c.Line})
	}
	return r
}

func verifyRendering(rep verify.Report) rendering {
	version := rep.Version
	if version == "" {
		version = "no version given"
	} else {
		version = "version " + version
	}
	r := rendering{
		title:   fmt.Sprintf("relguard verify %s (%s)", rep.URL, version),
		name:    "relguard verify " + rep.URL,
		verdict: fmt.Sprintf("%s verified (%d requests)", rep.URL, rep.Requests),
		ok:      rep.OK,
		counts:  rep.Counts(),
	}
	if !rep.OK {
		r.verdict = fmt.Sprintf("%s failed verification (%d requests)", rep.URL, rep.Requests)
	}
	for _, c := range verify.Checks() {
		r.rules = append(r.rules, ruleInfo{c.ID, c.Title})
	}
	base := strings.TrimSuffix(rep.URL, "/")
	for _, c := range rep.Checks {
		where := ""
		if c.URL != "" && c.URL != rep.URL && c.URL != base {
			where = c.URL
			if rest, ok := strings.CutPrefix(c.URL, base); ok && strings.HasPrefix(rest, "/") {
				where = rest
			}
		}
		r.items = append(r.items, item{id: c.ID, status: c.Status, message: c.Message, hint: c.Hint, url: c.URL, where: where})
	}
	return r
}

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiDim    = "\x1b[2m"
)

var marks = map[guard.Status]struct{ symbol, colour string }{
	guard.Pass: {"✓", ansiGreen},
	guard.Fail: {"✗", ansiRed},
	guard.Warn: {"!", ansiYellow},
	guard.Skip: {"-", ansiDim},
}

// useColour follows https://no-color.org: colour only on a terminal and
// only when NO_COLOR is unset or empty.
func useColour(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && stdoutIsTerminal(w)
}

// location renders "file:line" (or "file"), or "" without a file.
func location(r item) string {
	if r.file == "" {
		return ""
	}
	if r.line > 0 {
		return fmt.Sprintf("%s:%d", r.file, r.line)
	}
	return r.file
}

// textMessage is a result's message with its location, unless the message
// already names it.
func textMessage(r item) string {
	msg := r.message
	if r.where != "" {
		if !strings.Contains(msg, r.where) && !strings.Contains(msg, r.url) {
			msg = r.where + ": " + msg
		}
		return msg
	}
	if loc := location(r); loc != "" && !strings.Contains(msg, loc) {
		if strings.Contains(msg, r.file) {
			if r.line > 0 {
				msg += fmt.Sprintf(" (line %d)", r.line)
			}
		} else {
			msg = loc + ": " + msg
		}
	}
	return msg
}

// writeText prints the checklist: one line per result, the hint under
// failures and warnings, and a summary line.
func writeText(w io.Writer, rep guard.Report) error {
	return renderText(w, checkRendering(rep))
}

func renderText(w io.Writer, rep rendering) error {
	colour := useColour(w)
	paint := func(code, s string) string {
		if !colour {
			return s
		}
		return code + s + ansiReset
	}
	width := 0
	for _, r := range rep.items {
		width = max(width, len(r.id))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", rep.title)
	for _, r := range rep.items {
		m, ok := marks[r.status]
		if !ok {
			m = marks[guard.Fail]
		}
		indent := strings.Repeat(" ", width+4)
		msg := strings.ReplaceAll(strings.TrimRight(textMessage(r), "\n"), "\n", "\n"+indent)
		fmt.Fprintf(&b, "%s %-*s  %s\n", paint(m.colour, m.symbol), width, r.id, msg)
		if r.hint != "" && (r.status == guard.Fail || r.status == guard.Warn) {
			fmt.Fprintf(&b, "%s%s\n", indent, paint(ansiDim, "hint: "+r.hint))
		}
	}
	verdict := paint(ansiGreen, rep.verdict)
	if !rep.ok {
		verdict = paint(ansiRed, rep.verdict)
	}
	n := rep.counts
	fmt.Fprintf(&b, "\n%d passed, %d failed, %d warning(s), %d skipped: %s\n",
		n[guard.Pass], n[guard.Fail], n[guard.Warn], n[guard.Skip], verdict)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJSON prints exactly one JSON object: the report.
func writeJSON(w io.Writer, rep guard.Report) error {
	if rep.Checks == nil {
		rep.Checks = []guard.Result{}
	}
	return encodeJSON(w, rep)
}

func writeVerifyJSON(w io.Writer, rep verify.Report) error {
	if rep.Checks == nil {
		rep.Checks = []verify.Result{}
	}
	return encodeJSON(w, rep)
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// sarifWriter returns a writer of SARIF 2.1.0 logs: every check is a rule,
// every failure an error result and every warning a warning result, located
// at the file and line the check named. Results about the repository as a
// whole (git state, tags) are located at anchor, line 1, when it is set:
// GitHub code scanning rejects an entire upload when any result has no
// location.
func sarifWriter(anchor string) func(io.Writer, guard.Report) error {
	return func(w io.Writer, rep guard.Report) error { return writeSARIF(w, rep, anchor) }
}

func writeSARIF(w io.Writer, rep guard.Report, anchor string) error {
	return renderSARIF(w, checkRendering(rep), anchor)
}

// renderSARIF locates check results at repository files (relative to
// %SRCROOT%) and verify results at the absolute URL they judged.
func renderSARIF(w io.Writer, rep rendering, anchor string) error {
	log := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("relguard", "https://github.com/relguard/relguard")
	for _, c := range rep.rules {
		run.AddRule(c.id).WithName(c.id).WithDescription(c.title)
	}
	for _, r := range rep.items {
		var level string
		switch r.status {
		case guard.Fail:
			level = "error"
		case guard.Warn:
			level = "warning"
		default:
			continue
		}
		run.AddRule(r.id) // a result whose ID is not in the registry still gets a rule
		text := r.message
		if r.hint != "" {
			text += "\nhint: " + r.hint
		}
		res := run.CreateResultForRule(r.id).WithLevel(level).WithMessage(sarif.NewTextMessage(text))
		if r.url != "" {
			phys := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(r.url))
			res.AddLocation(sarif.NewLocationWithPhysicalLocation(phys))
			continue
		}
		file, line := r.file, r.line
		if file == "" {
			file, line = anchor, 1
		}
		if file != "" {
			phys := sarif.NewPhysicalLocation().WithArtifactLocation(
				sarif.NewSimpleArtifactLocation(file).WithURIBaseID("%SRCROOT%"))
			if line > 0 {
				phys.WithRegion(sarif.NewRegion().WithStartLine(line))
			}
			res.AddLocation(sarif.NewLocationWithPhysicalLocation(phys))
		}
	}
	log.AddRun(run)
	return log.PrettyWrite(w)
}

// writeGitHub prints GitHub Actions workflow commands: one ::error or
// ::warning annotation per failure or warning, then a plain summary.
func writeGitHub(w io.Writer, rep guard.Report) error {
	return renderGitHub(w, checkRendering(rep))
}

func renderGitHub(w io.Writer, rep rendering) error {
	var b strings.Builder
	for _, r := range rep.items {
		var cmd string
		switch r.status {
		case guard.Fail:
			cmd = "error"
		case guard.Warn:
			cmd = "warning"
		default:
			continue
		}
		var props []string
		if r.file != "" {
			props = append(props, "file="+escapeProperty(r.file))
			if r.line > 0 {
				props = append(props, fmt.Sprintf("line=%d", r.line))
			}
		}
		props = append(props, "title="+escapeProperty(r.id))
		text := r.message
		if r.url != "" && !strings.Contains(text, r.url) {
			// An annotation is read on its own: name the full URL.
			text = r.url + ": " + text
		}
		if r.hint != "" {
			text += "\nhint: " + r.hint
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(text))
	}
	n := rep.counts
	fmt.Fprintf(&b, "%s: %d passed, %d failed, %d warning(s), %d skipped: %s\n",
		rep.name, n[guard.Pass], n[guard.Fail], n[guard.Warn], n[guard.Skip], rep.verdict)
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message as the Actions runner
// expects (toolkit's escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value; ':' and ','
// would otherwise end the value (toolkit's escapeProperty).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
