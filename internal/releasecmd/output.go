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
)

// writers maps --format values to report writers.
var writers = map[string]func(io.Writer, guard.Report) error{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  sarifWriter(""),
	"github": writeGitHub,
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
func location(r guard.Result) string {
	if r.File == "" {
		return ""
	}
	if r.Line > 0 {
		return fmt.Sprintf("%s:%d", r.File, r.Line)
	}
	return r.File
}

// writeText prints the checklist: one line per result, the hint under
// failures and warnings, and a summary line.
func writeText(w io.Writer, rep guard.Report) error {
	colour := useColour(w)
	paint := func(code, s string) string {
		if !colour {
			return s
		}
		return code + s + ansiReset
	}
	width := 0
	for _, r := range rep.Checks {
		width = max(width, len(r.ID))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "relguard check %s (tag %s)\n", rep.Version, rep.Tag)
	for _, r := range rep.Checks {
		m, ok := marks[r.Status]
		if !ok {
			m = marks[guard.Fail]
		}
		msg := r.Message
		// Show the location unless the message already names it.
		if loc := location(r); loc != "" && !strings.Contains(msg, loc) {
			if strings.Contains(msg, r.File) {
				if r.Line > 0 {
					msg += fmt.Sprintf(" (line %d)", r.Line)
				}
			} else {
				msg = loc + ": " + msg
			}
		}
		indent := strings.Repeat(" ", width+4)
		msg = strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\n"+indent)
		fmt.Fprintf(&b, "%s %-*s  %s\n", paint(m.colour, m.symbol), width, r.ID, msg)
		if r.Hint != "" && (r.Status == guard.Fail || r.Status == guard.Warn) {
			fmt.Fprintf(&b, "%s%s\n", indent, paint(ansiDim, "hint: "+r.Hint))
		}
	}
	n := rep.Counts()
	verdict := paint(ansiGreen, "ready to release "+rep.Tag)
	if !rep.OK {
		verdict = paint(ansiRed, "not ready to release "+rep.Tag)
	}
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
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
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
	log := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("relguard", "https://github.com/relguard/relguard")
	for _, c := range checks.All() {
		run.AddRule(c.ID).WithName(c.ID).WithDescription(c.Title)
	}
	for _, r := range rep.Checks {
		var level string
		switch r.Status {
		case guard.Fail:
			level = "error"
		case guard.Warn:
			level = "warning"
		default:
			continue
		}
		run.AddRule(r.ID) // a result whose ID is not in the registry still gets a rule
		text := r.Message
		if r.Hint != "" {
			text += "\nhint: " + r.Hint
		}
		res := run.CreateResultForRule(r.ID).WithLevel(level).WithMessage(sarif.NewTextMessage(text))
		file, line := r.File, r.Line
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
	var b strings.Builder
	for _, r := range rep.Checks {
		var cmd string
		switch r.Status {
		case guard.Fail:
			cmd = "error"
		case guard.Warn:
			cmd = "warning"
		default:
			continue
		}
		var props []string
		if r.File != "" {
			props = append(props, "file="+escapeProperty(r.File))
			if r.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", r.Line))
			}
		}
		props = append(props, "title="+escapeProperty(r.ID))
		text := r.Message
		if r.Hint != "" {
			text += "\nhint: " + r.Hint
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(text))
	}
	n := rep.Counts()
	verdict := "ready to release " + rep.Tag
	if !rep.OK {
		verdict = "not ready to release " + rep.Tag
	}
	fmt.Fprintf(&b, "relguard check %s: %d passed, %d failed, %d warning(s), %d skipped: %s\n",
		rep.Version, n[guard.Pass], n[guard.Fail], n[guard.Warn], n[guard.Skip], verdict)
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
