package lint

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/relguard/relguard/internal/config"
	"github.com/relguard/relguard/internal/excerpt"
	"github.com/relguard/relguard/internal/regularfile"
)

// Exit codes of `relguard lint`.
const (
	ExitClean       = 0 // nothing reported
	ExitDiagnostics = 1 // diagnostics reported
	ExitError       = 2 // usage, configuration or load error
)

const usageHead = `usage: relguard lint [flags] [packages]

Loads the packages (default ./...) with their tests and runs relguard's
analyzers on them. Flags may come before or after the packages.

Flags:
`

const usageTail = `
Analyzer flags can also be set in the lint: section of relguard.yaml
(found at the module root, else the git repository root); the command line
wins over the file.

Results are cached per package in $RELGUARD_CACHE (default: relguard/lint
under the user cache directory; off disables it): a package whose files,
dependencies' export data, analyzers and settings are unchanged is not
analysed again.

Exit codes: 0 nothing reported, 1 diagnostics reported,
2 usage, configuration or load error (the packages that loaded are still
analysed and reported).
`

// cliFlags are the values of relguard lint's own flags.
type cliFlags struct {
	format     string
	fix        bool
	diff       bool
	tests      bool
	enable     string
	disable    string
	analyzers  string
	configPath string
	dir        string
	tags       string
	noCache    bool
}

// analyzerFlag stands for one analyzer flag on the command line. The
// configured analyzers only exist once -C and --config are known, so Set
// validates the value against a default instance and records it; the
// recorded values are replayed onto the configured analyzers afterwards,
// which makes the command line override relguard.yaml.
type analyzerFlag struct {
	key      string
	proto    flag.Value
	recorded *[]recordedFlag
}

type recordedFlag struct{ key, value string }

func (f *analyzerFlag) String() string {
	if f == nil || f.proto == nil {
		return ""
	}
	return f.proto.String()
}

func (f *analyzerFlag) Set(v string) error {
	if err := f.proto.Set(v); err != nil {
		return err
	}
	*f.recorded = append(*f.recorded, recordedFlag{f.key, v})
	return nil
}

// isRepeatable reports whether every use of the flag adds values (it
// says so with a Repeatable method), rather than setting the value.
func isRepeatable(v flag.Value) bool {
	r, ok := v.(interface{ Repeatable() bool })
	return ok && r.Repeatable()
}

func (f *analyzerFlag) IsBoolFlag() bool {
	b, ok := f.proto.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Main is `relguard lint`; it returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	var cf cliFlags
	own := flag.NewFlagSet("relguard lint", flag.ContinueOnError)
	own.StringVar(&cf.format, "format", "text", "output `format`: text or json")
	own.BoolVar(&cf.fix, "fix", false, "apply the first suggested fix of each diagnostic in place")
	own.BoolVar(&cf.diff, "diff", false, "print the suggested fixes as a unified diff instead of applying them")
	own.BoolVar(&cf.tests, "tests", true, "also analyse _test.go files (overrides lint.tests in relguard.yaml)")
	own.StringVar(&cf.enable, "enable", "", "comma-separated `analyzers` to run in addition to the configured ones")
	own.StringVar(&cf.disable, "disable", "", "comma-separated `analyzers` not to run")
	own.StringVar(&cf.analyzers, "analyzers", "", "comma-separated `list` of exactly the analyzers to run, or none to only load and type-check")
	own.StringVar(&cf.configPath, "config", "", "configuration `file` (default relguard.yaml at the module root, else the repository root)")
	own.StringVar(&cf.dir, "C", "", "change to `dir` before doing anything; paths are then relative to it")
	own.StringVar(&cf.tags, "tags", "", "comma-separated build `tags` to consider satisfied, as for go vet -tags")
	own.BoolVar(&cf.noCache, "no-cache", false, "analyse every package again instead of reusing cached results (see RELGUARD_CACHE)")

	var recorded []recordedFlag
	anFlags := flag.NewFlagSet("analyzer flags", flag.ContinueOnError)
	for _, a := range allAnalyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			key := a.Name + "." + f.Name
			anFlags.Var(&analyzerFlag{key: key, proto: f.Value, recorded: &recorded}, key, f.Usage)
		})
	}

	fs := flag.NewFlagSet("relguard lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	own.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	anFlags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })

	patterns, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout, own)
		return ExitClean
	}
	if err != nil {
		fmt.Fprintf(stderr, "relguard lint: %s (run \"relguard lint -h\" for the flags)\n", excerpt.Within(err.Error(), excerpt.Args(args)...))
		return ExitError
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if cf.format != "text" && cf.format != "json" {
		fmt.Fprintf(stderr, "relguard lint: unknown --format %s; use text or json\n", excerpt.Quote(cf.format))
		return ExitError
	}
	if cf.fix && cf.diff {
		fmt.Fprintln(stderr, "relguard lint: --fix and --diff cannot be combined; --diff shows what --fix would write")
		return ExitError
	}
	if cf.diff && cf.format == "json" {
		fmt.Fprintln(stderr, "relguard lint: --diff prints a unified diff and cannot be combined with --format json; the JSON output already lists each fix's edits")
		return ExitError
	}

	dir, err := filepath.Abs(cf.dir)
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(dir); err == nil && !fi.IsDir() {
			err = errors.New("not a directory")
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "relguard lint: -C %s: %v\n", excerpt.Quote(cf.dir), excerpt.Within(regularfile.Cause(err).Error(), cf.dir))
		return ExitError
	}

	var cfg *config.Config
	if cf.configPath != "" {
		path := cf.configPath
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		cfg, err = config.Load(path)
	} else {
		cfg, err = FindConfig(dir)
	}
	if err != nil {
		fmt.Fprintln(stderr, configMessage(err, dir))
		return ExitError
	}

	// A flag on the command line replaces the file's setting, except a
	// repeatable one (-ambigtype.alias), whose values add to the file's.
	// (Replaying it on top of the file's value would extend a list flag
	// such as -ambigtype.names instead.)
	for _, r := range recorded {
		if f, ok := anFlags.Lookup(r.key).Value.(*analyzerFlag); ok && !isRepeatable(f.proto) {
			delete(cfg.Lint.Settings, r.key)
		}
	}
	as, err := selectAnalyzers(cfg, selection{
		only:    splitList(cf.analyzers),
		enable:  splitList(cf.enable),
		disable: splitList(cf.disable),
	})
	if err != nil {
		fmt.Fprintln(stderr, configMessage(err, dir))
		return ExitError
	}
	for _, r := range recorded {
		name, flagName, _ := strings.Cut(r.key, ".")
		for _, a := range as {
			if a.Name != name {
				continue
			}
			if err := a.Flags.Set(flagName, r.value); err != nil {
				fmt.Fprintf(stderr, "relguard lint: invalid value %s for -%s: %s\n", excerpt.Quote(r.value), r.key, excerpt.Within(err.Error(), r.value))
				return ExitError
			}
		}
	}

	tests := true
	if cfg.Lint.Tests != nil {
		tests = *cfg.Lint.Tests
	}
	if set["tests"] {
		tests = cf.tests
	}

	res, err := run(Options{
		Dir:       dir,
		Patterns:  patterns,
		Tests:     tests,
		Tags:      normalizeTags([]string{cf.tags}),
		Analyzers: as,
		NoCache:   cf.noCache,
		Warnings:  stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "relguard lint: %v\n", err)
		return ExitError
	}
	if res.errs != nil {
		// The go command echoes the patterns in its errors ("stat
		// /abs/dir/PATTERN: directory not found"): bound them as every
		// other echoed input.
		var echoed []string
		for _, p := range patterns {
			echoed = append(echoed, filepath.Join(dir, p), strings.TrimPrefix(p, "./"), p)
		}
		for i, line := range res.errs.Lines {
			res.errs.Lines[i] = excerpt.Within(line, echoed...)
		}
		if findUp(dir, "go.mod") == "" && findUp(dir, "go.work") == "" && slices.ContainsFunc(orDefault(patterns), isLocalPattern) {
			// go list's own words ("does not contain main module", "go.mod
			// file not found") do not say what to do about it: one line that
			// does replaces them.
			fmt.Fprintf(stderr, "relguard lint: %s is not inside a Go module (no go.mod here or above); run relguard in a module, or pass -C DIR\n", dir)
			return ExitError
		}
		for _, line := range res.errs.Lines {
			fmt.Fprintln(stderr, line)
		}
		if more := res.errs.Total - len(res.errs.Lines); more > 0 {
			fmt.Fprintf(stderr, "(%d more errors)\n", more)
		}
		switch {
		case res.skipped > 0:
			fmt.Fprintf(stderr, "relguard lint: %d %s not analysed because of the errors above; fix them and run again\n", res.skipped, plural(res.skipped, "package was", "packages were"))
		}
	}
	if res.packages == 0 && res.errs == nil {
		// Like go vet: a wildcard that matches nothing is only a warning,
		// but a named package that is not there must not pass silently.
		if !allWildcards(orDefault(patterns)) {
			fmt.Fprintf(stderr, "relguard lint: %s matched no packages; check the package path, and run relguard inside a Go module (or pass -C DIR)\n", strings.Join(orDefault(patterns), " "))
			return ExitError
		}
		fmt.Fprintf(stderr, "relguard lint: warning: %s matched no packages\n", strings.Join(orDefault(patterns), " "))
	}

	remaining := res.diags
	if cf.fix || cf.diff {
		fr, err := ApplyFixes(res.diags, readSource)
		if err != nil {
			fmt.Fprintf(stderr, "relguard lint: %v\n", err)
			return ExitError
		}
		for _, d := range fr.Skipped {
			fmt.Fprintf(stderr, "%s: fix not applied: it overlaps another fix; run relguard lint --fix again\n", shortPos(d, dir))
		}
		if cf.diff {
			if err := fr.WriteDiff(stdout, dir); err != nil {
				fmt.Fprintf(stderr, "relguard lint: %v\n", err)
				return ExitError
			}
			WriteText(stderr, res.diags, dir)
			return exitCode(res.diags, res.errs)
		}
		if err := fr.WriteFixes(); err != nil {
			fmt.Fprintf(stderr, "relguard lint: %v\n", err)
			return ExitError
		}
		if len(fr.Fixed) > 0 {
			var names []string
			for _, f := range sortedKeys(fr.Changed) {
				names = append(names, relPath(f, dir))
			}
			fmt.Fprintf(stderr, "relguard lint: fixed %d %s in %s\n", len(fr.Fixed), plural(len(fr.Fixed), "diagnostic", "diagnostics"), strings.Join(names, ", "))
		}
		remaining = fr.Unfixed
	}

	if cf.format == "json" {
		if err := writeJSON(stdout, remaining, res.errs, dir); err != nil {
			fmt.Fprintf(stderr, "relguard lint: %v\n", err)
			return ExitError
		}
	} else {
		WriteText(stdout, remaining, dir)
	}
	return exitCode(remaining, res.errs)
}

func exitCode(diags []Diagnostic, errs *Errors) int {
	switch {
	case errs != nil:
		return ExitError
	case len(diags) > 0:
		return ExitDiagnostics
	default:
		return ExitClean
	}
}

// parseInterleaved parses flags that may appear before, between or after
// the package patterns; everything after "--" is a pattern.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func printUsage(w io.Writer, own *flag.FlagSet) {
	fmt.Fprint(w, usageHead)
	own.SetOutput(w)
	own.PrintDefaults()
	// The analyzers' own flag values are printed (not the recording
	// wrappers) so that defaults show exactly as each analyzer declares them.
	shown := flag.NewFlagSet("analyzer flags", flag.ContinueOnError)
	for _, a := range allAnalyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) { shown.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	if hasFlags(shown) {
		fmt.Fprint(w, "\nAnalyzer flags (-NAME.FLAG, as in relguard.yaml's lint: section):\n")
		shown.SetOutput(w)
		shown.PrintDefaults()
	}
	fmt.Fprint(w, usageTail)
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func orDefault(patterns []string) []string {
	if len(patterns) == 0 {
		return []string{"./..."}
	}
	return patterns
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// configMessage prints a configuration error with the file relative to dir.
func configMessage(err error, dir string) string {
	var ce *config.Error
	if errors.As(err, &ce) {
		c := *ce
		c.Path = relPath(c.Path, dir)
		return c.Error()
	}
	return "relguard lint: " + err.Error()
}

func shortPos(d Diagnostic, dir string) string {
	return fmt.Sprintf("%s:%d:%d", relPath(d.File, dir), d.Line, d.Column)
}

// WriteText prints diagnostics as "path:line:col: message (analyzer)", with
// paths relative to relTo when they are below it.
func WriteText(w io.Writer, diags []Diagnostic, relTo string) {
	for _, d := range diags {
		fmt.Fprintf(w, "%s: %s (%s)\n", shortPos(d, relTo), d.Message, d.Analyzer)
	}
}

// jsonReport is the one object --format json prints.
type jsonReport struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	Errors      []string     `json:"errors,omitempty"`
}

// WriteJSON prints {"diagnostics":[...]} with paths relative to relTo when
// they are below it; empty lists are [] rather than null.
func WriteJSON(w io.Writer, diags []Diagnostic, relTo string) error {
	return writeJSON(w, diags, nil, relTo)
}

func writeJSON(w io.Writer, diags []Diagnostic, errs *Errors, relTo string) error {
	report := jsonReport{Diagnostics: make([]Diagnostic, 0, len(diags))}
	for _, d := range diags {
		d.File = relPath(d.File, relTo)
		fixes := make([]Fix, 0, len(d.Fixes))
		for _, f := range d.Fixes {
			edits := make([]Edit, 0, len(f.Edits))
			for _, e := range f.Edits {
				e.File = relPath(e.File, relTo)
				edits = append(edits, e)
			}
			fixes = append(fixes, Fix{Message: f.Message, Edits: edits})
		}
		d.Fixes = fixes
		report.Diagnostics = append(report.Diagnostics, d)
	}
	if errs != nil {
		report.Errors = errs.Lines
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

// isLocalPattern reports whether a package pattern names directories or
// files (which need a module) rather than import paths such as std.
func isLocalPattern(p string) bool {
	return p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p) || strings.HasSuffix(p, ".go")
}

func allWildcards(patterns []string) bool {
	for _, p := range patterns {
		if !strings.Contains(p, "...") {
			return false
		}
	}
	return true
}
