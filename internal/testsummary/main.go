// Command testsummary turns `go test -json` into the output of a plain
// `go test`, plus one line per skipped test with its reason.
//
// A plain `go test ./...` hides the output of passing packages, so an
// end-to-end test that skips because a tool is missing (pre-commit, lefthook,
// nginx) would pass silently; with -v every test's log drowns the summary.
// `make test` pipes the JSON event stream through this command instead:
//
//	go test -json ./... | go run ./internal/testsummary
//
// It prints go test's per-package lines as they come, the whole output of
// every failed test, and "SKIP pkg TestName: reason" for every skipped test.
// It exits 1 when a test, a package or a build failed, so that the pipeline
// fails even where the shell has no pipefail.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
)

// event is the subset of test2json's TestEvent (and go test's build events)
// that the summary needs.
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output and build-fail events
}

func main() {
	failed, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// testKey identifies a test within the whole run.
type testKey struct{ pkg, test string }

// summarize reads events from r, writes the summary to w and reports
// whether anything failed.
func summarize(r io.Reader, w io.Writer) (failed bool, err error) {
	out := bufio.NewWriter(w)
	defer out.Flush()
	logs := map[testKey][]string{} // output of running tests, kept until they end
	var skips []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil || ev.Action == "" {
			// Not an event: go test printed it directly (a build error
			// from an older go command, say). Pass it through.
			fmt.Fprintln(out, string(line))
			continue
		}
		k := testKey{ev.Package, ev.Test}
		switch ev.Action {
		case "build-output":
			fmt.Fprint(out, ev.Output)
		case "build-fail":
			failed = true
		case "output":
			if ev.Test == "" {
				// Package-level lines: "ok  pkg 1.2s", "FAIL pkg", "?  pkg [no test files]".
				// The bare "PASS" that -json's verbose mode adds is not
				// printed by a plain go test.
				if ev.Output != "PASS\n" {
					fmt.Fprint(out, ev.Output)
				}
				continue
			}
			logs[k] = append(logs[k], ev.Output)
		case "fail":
			failed = true
			if ev.Test != "" {
				for _, l := range logs[k] {
					fmt.Fprint(out, l)
				}
			}
			delete(logs, k)
		case "skip":
			if ev.Test != "" {
				skips = append(skips, fmt.Sprintf("SKIP %s %s: %s", path.Base(ev.Package), ev.Test, skipReason(logs[k])))
			}
			delete(logs, k)
		case "pass":
			delete(logs, k)
		}
		out.Flush()
	}
	if err := sc.Err(); err != nil {
		return true, fmt.Errorf("reading go test -json output: %v", err)
	}
	sort.Strings(skips)
	for _, s := range skips {
		fmt.Fprintln(out, s)
	}
	return failed, nil
}

// logLine matches the first line of a t.Log/t.Skip message in test output.
var logLine = regexp.MustCompile(`^    [^ :]+\.go:\d+: `)

// skipReason extracts what t.Skip said from a skipped test's output: the
// last log message before "--- SKIP:" (t.Skip logs its arguments last),
// without its "file.go:12: " prefix, continuation lines joined with "; ".
func skipReason(lines []string) string {
	var last []string
	for _, l := range lines {
		l = strings.TrimRight(l, "\n")
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "--- SKIP:"):
			// The reason came before.
		case logLine.MatchString(l):
			last = []string{strings.TrimSpace(l[len(logLine.FindString(l)):])}
		case len(last) > 0 && strings.HasPrefix(l, "        "):
			last = append(last, strings.TrimSpace(l))
		}
	}
	if len(last) == 0 || last[0] == "" {
		return "no reason given"
	}
	return strings.Join(last, "; ")
}
