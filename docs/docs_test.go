// Package docs holds relguard's user documentation. Its test keeps the
// documentation from drifting away from the code: every check ID, analyzer
// flag, relguard.yaml key and command-line flag must be documented, and the
// output examples marked as golden must be exactly what the commands print.
package docs

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/relguard/relguard/analyzers"
	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/release/checks"
	"github.com/relguard/relguard/internal/verify"
)

var (
	// repoRoot is the relguard checkout the docs describe.
	repoRoot string
	// binDir holds the relguard binary built for this test run.
	binDir string
)

func TestMain(m *testing.M) {
	_, file, _, _ := runtime.Caller(0)
	repoRoot = filepath.Dir(filepath.Dir(file))
	dir, err := os.MkdirTemp("", "relguard-docs-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binDir = dir
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "relguard"), "./cmd/relguard")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building relguard: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// page reads a documentation page, relative to the repository root.
func page(t *testing.T, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return string(data)
}

// headings returns the text of every Markdown heading of a page.
func headings(doc string) []string {
	var out []string
	inFence := false
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
			continue
		}
		if !inFence && strings.HasPrefix(line, "#") {
			out = append(out, strings.TrimSpace(strings.TrimLeft(line, "#")))
		}
	}
	return out
}

// hasHeading reports whether a heading names id (bare or in backticks).
func hasHeading(doc, id string) bool {
	for _, h := range headings(doc) {
		for _, f := range strings.FieldsFunc(h, func(r rune) bool { return r == ' ' || r == '`' || r == ',' || r == ':' }) {
			if f == id {
				return true
			}
		}
	}
	return false
}

func TestEveryReleaseCheckHasASection(t *testing.T) {
	doc := page(t, "docs/release-guard.md")
	for _, c := range checks.All() {
		if !hasHeading(doc, c.ID) {
			t.Errorf("docs/release-guard.md has no section for the check %s", c.ID)
		}
	}
}

func TestEveryVerifyCheckHasASection(t *testing.T) {
	doc := page(t, "docs/verify.md")
	for _, c := range verify.Checks() {
		if !hasHeading(doc, c.ID) {
			t.Errorf("docs/verify.md has no section for the check %s", c.ID)
		}
	}
}

func TestEveryAnalyzerFlagIsDocumented(t *testing.T) {
	for _, a := range analyzers.All() {
		rel := "docs/analyzers/" + a.Name + ".md"
		doc := page(t, rel)
		if !strings.Contains(doc, "# "+a.Name) && !strings.Contains(doc, "# `"+a.Name+"`") {
			t.Errorf("%s does not start with a heading naming the analyzer", rel)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(doc, "`"+a.Name+"."+f.Name+"`") {
				t.Errorf("%s does not document the flag %s.%s (want it in backticks, as `%s.%s`)", rel, a.Name, f.Name, a.Name, f.Name)
			}
		})
	}
}

// configKeys lists every key relguard.yaml accepts, as dotted paths with
// [] for list elements ("version_files[].path"), from the yaml tags of
// config.Config.
func configKeys(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() || strings.Contains(opts, "inline") {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		keys = append(keys, key)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct && ft.PkgPath() == reflect.TypeFor[config.Config]().PkgPath():
			keys = append(keys, configKeys(ft, key)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			keys = append(keys, configKeys(ft.Elem(), key+"[]")...)
		}
	}
	return keys
}

func TestEveryConfigurationKeyIsDocumented(t *testing.T) {
	doc := page(t, "docs/configuration.md")
	keys := configKeys(reflect.TypeFor[config.Config](), "")
	if len(keys) < 20 {
		t.Fatalf("found only %d configuration keys (%v); the reflection over config.Config is broken", len(keys), keys)
	}
	for _, k := range keys {
		if !strings.Contains(doc, "`"+k+"`") {
			t.Errorf("docs/configuration.md does not document the key %s (want it in backticks, as `%s`)", k, k)
		}
	}
}

// commandPages says which page documents each command's flags.
var commandPages = map[string]string{
	"lint":   "docs/lint.md",
	"check":  "docs/release-guard.md",
	"notes":  "docs/release-guard.md",
	"tag":    "docs/release-guard.md",
	"bump":   "docs/bump.md",
	"verify": "docs/verify.md",
	"hooks":  "docs/integrations.md",
}

var (
	// defaultsFlag is a flag line of flag.PrintDefaults: "  -name value".
	defaultsFlag = regexp.MustCompile(`(?m)^  -([A-Za-z][\w.-]*)`)
	// usageFlag is a flag in a usage synopsis: "[--name]" or "[--name DIR]".
	usageFlag = regexp.MustCompile(`\[--([A-Za-z][\w-]*)`)
)

func TestEveryCommandFlagIsDocumented(t *testing.T) {
	for cmd, rel := range commandPages {
		out := relguard(t, "", cmd, "-h")
		var names []string
		for _, m := range defaultsFlag.FindAllStringSubmatch(out.stdout+out.stderr, -1) {
			names = append(names, m[1])
		}
		for _, m := range usageFlag.FindAllStringSubmatch(out.stdout+out.stderr, -1) {
			names = append(names, m[1])
		}
		if len(names) == 0 {
			t.Errorf("relguard %s -h lists no flags; the test cannot read its help:\n%s%s", cmd, out.stdout, out.stderr)
			continue
		}
		doc := page(t, rel)
		for _, n := range names {
			// relguard lint's analyzer flags (-ambigtype.names) are
			// documented on the analyzer's page; the analyzer test holds
			// those pages to it.
			if a, _, ok := strings.Cut(n, "."); ok && cmd == "lint" && slices.Contains(analyzers.Names(), a) {
				continue
			}
			// In prose (`--repo DIR`) or in an example command line.
			mention := regexp.MustCompile("(^|[\\s`])--?" + regexp.QuoteMeta(n) + "([\\s`=]|$)")
			if !mention.MatchString(doc) {
				t.Errorf("%s does not document relguard %s's flag -%s (want it in backticks, as `--%s`)", rel, cmd, n, n)
			}
		}
	}
}

// result is a finished command.
type result struct {
	code           int
	stdout, stderr string
}

// relguard runs the built binary in dir (the repository root when empty).
func relguard(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return shell(t, dir, "relguard "+strings.Join(args, " "))
}

// shell runs a command line with sh, the built relguard first on PATH and
// NO_COLOR set, in dir (the repository root when empty).
func shell(t *testing.T, dir, line string) result {
	t.Helper()
	if dir == "" {
		dir = repoRoot
	}
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s: %v", line, err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// goldenMarker introduces an output example that the test runs: the next
// fenced block must be exactly the standard output of the command line,
// which exits with the code given.
//
//	<!-- golden exit=1: relguard lint -C testdata/incident ./... -->
//
// The command runs with sh in the repository root. "$TMP" in the command
// line is a fresh temporary directory, and where that directory appears in
// the output it is compared as "$TMP" too, so an example can build a
// repository and show its paths.
var goldenMarker = regexp.MustCompile(`<!-- golden exit=(\d+): (.+?) -->`)

// goldenPages are the pages whose examples are run.
var goldenPages = []string{"README.md", "docs/lint.md", "docs/release-guard.md", "docs/bump.md", "docs/integrations.md", "docs/configuration.md", "docs/analyzers/ambigtype.md", "docs/analyzers/cookiesec.md", "docs/verify.md"}

func TestOutputExamplesAreWhatTheCommandsPrint(t *testing.T) {
	total := 0
	for _, rel := range goldenPages {
		doc := page(t, rel)
		lines := strings.Split(doc, "\n")
		for i, line := range lines {
			m := goldenMarker.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			total++
			want, ok := fencedAfter(lines, i+1)
			if !ok {
				t.Errorf("%s:%d: a golden marker must be followed by a fenced block", rel, i+1)
				continue
			}
			t.Run(fmt.Sprintf("%s:%d", rel, i+1), func(t *testing.T) {
				tmp := t.TempDir()
				r := shell(t, "", strings.ReplaceAll(m[2], "$TMP", tmp))
				got := strings.ReplaceAll(r.stdout, tmp, "$TMP")
				if fmt.Sprint(r.code) != m[1] {
					t.Errorf("%s exited %d, the docs say %s\nstderr: %s", m[2], r.code, m[1], r.stderr)
				}
				if got != want {
					t.Errorf("%s prints something else than %s:%d shows.\n--- docs\n%s--- got\n%s--- stderr\n%s", m[2], rel, i+1, want, got, r.stderr)
				}
			})
		}
	}
	if total < 3 {
		t.Errorf("only %d golden examples found; the README's quick start and the release guard's example must be among them", total)
	}
}

// fencedAfter returns the content of the fenced block that starts at or
// after line i (blank lines allowed in between), with a final newline.
func fencedAfter(lines []string, i int) (string, bool) {
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i >= len(lines) || !strings.HasPrefix(lines[i], "```") {
		return "", false
	}
	var b strings.Builder
	for j := i + 1; j < len(lines); j++ {
		if strings.HasPrefix(lines[j], "```") {
			return b.String(), true
		}
		b.WriteString(lines[j])
		b.WriteByte('\n')
	}
	return "", false
}
