// Package lint is the driver behind `relguard lint`: it asks the go
// command for the packages and their export data, type-checks each package
// to analyse from source against its imports' export data, runs
// relguard's analyzers on it, and caches each package's result.
package lint

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/relguard/relguard/internal/regularfile"
)

// Options selects what to lint.
type Options struct {
	Dir       string            // directory to load from ("" = current)
	Patterns  []string          // package patterns (default ./...)
	Tests     bool              // also analyse test files
	Tags      []string          // build tags, as for go build -tags
	Overlay   map[string][]byte // absolute file path -> content to use instead of the file on disk
	Analyzers []*analysis.Analyzer

	// NoCache disables the result cache. CacheDir is where results are
	// cached; "" means DefaultCacheDir.
	NoCache  bool
	CacheDir string

	// Warnings receives one line per malformed suppression directive
	// ("path:line:col: message", paths relative to Dir) and a line when
	// the cache cannot be used; nil discards them.
	Warnings io.Writer
}

// Edit is one text edit of a suggested fix, in byte offsets.
type Edit struct {
	File    string `json:"file"`
	Offset  int    `json:"offset"`
	End     int    `json:"end"`
	NewText string `json:"new_text"`
}

// Fix is a suggested fix.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Diagnostic is one reported problem. The JSON names are stable.
type Diagnostic struct {
	Analyzer  string `json:"analyzer"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Fixes     []Fix  `json:"fixes"`
}

// maxErrors bounds how many load or analysis errors are kept, like go vet
// which stops listing a package's errors after the first ten.
const maxErrors = 10

// Errors reports packages that could not be loaded or type-checked and
// analyzers that failed. Diagnostics from the other packages are still
// returned alongside it.
type Errors struct {
	// Lines are "path:line:col: message" (or just "message" when there is
	// no position), at most maxErrors of them, paths relative to Options.Dir.
	Lines []string
	// Total counts all errors, including those not kept in Lines.
	Total int

	seen map[string]bool
}

func (e *Errors) Error() string {
	msg := strings.Join(e.Lines, "\n")
	if more := e.Total - len(e.Lines); more > 0 {
		msg += fmt.Sprintf("\n(%d more errors)", more)
	}
	return msg
}

func (e *Errors) add(line string) {
	// A package and its test variant report the same error: count it once,
	// also beyond the lines kept.
	if e.seen == nil {
		e.seen = map[string]bool{}
	}
	if e.seen[line] {
		return
	}
	e.seen[line] = true
	e.Total++
	if len(e.Lines) < maxErrors {
		e.Lines = append(e.Lines, line)
	}
}

// result is everything one lint run produces; Run and Main present it.
type result struct {
	diags    []Diagnostic
	errs     *Errors // nil when everything loaded and every analyzer ran
	packages int     // root packages matched by the patterns
	skipped  int     // root packages not analysed because of errors
	dir      string  // absolute directory the run happened in

	hits, misses int // packages whose result came from the cache, and not
}

// Run lints and returns the diagnostics that survive suppression comments,
// sorted by file and position. File names in the result are absolute.
//
// When some packages fail to load or type-check, or an analyzer fails, the
// error is an *Errors and the diagnostics of the other packages are still
// returned: relguard never analyses an ill-typed package silently.
func Run(opts Options) ([]Diagnostic, error) {
	res, err := run(opts)
	if err != nil {
		return nil, err
	}
	if res.errs != nil {
		return res.diags, res.errs
	}
	return res.diags, nil
}

func run(opts Options) (*result, error) {
	dir, err := filepath.Abs(cmp.Or(opts.Dir, "."))
	if err != nil {
		return nil, fmt.Errorf("cannot resolve directory %q: %v", opts.Dir, err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("directory %q does not exist", opts.Dir)
	}
	patterns := orDefault(opts.Patterns)
	warn := func(format string, args ...any) {
		if opts.Warnings != nil {
			fmt.Fprintf(opts.Warnings, "relguard lint: warning: "+format+"\n", args...)
		}
	}

	var p *plan
	if len(opts.Analyzers) > 0 {
		if p, err = newPlan(opts.Analyzers); err != nil {
			return nil, fmt.Errorf("invalid analyzers: %v", err)
		}
	}
	var cache *resultCache
	if p != nil && !opts.NoCache {
		cdir := opts.CacheDir
		if cdir == "" {
			if cdir, err = DefaultCacheDir(); err != nil {
				return nil, err
			}
		}
		if cdir != "" {
			if cache, err = openCache(cdir); err != nil {
				warn("%v (%s); linting without it", err, cdir)
			}
		}
	}

	buildFlags, cleanup, err := overlayFlags(opts.Overlay)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	list, err := goList(dir, patterns, opts.Tests, opts.Tags, buildFlags, newListHints(cache, dir, patterns, opts.Tags))
	if err != nil {
		return nil, err
	}

	res := &result{dir: dir, packages: len(list.roots)}
	errs := &Errors{}
	for _, e := range list.errors {
		errs.add(oneLine(e))
	}
	// Errors of dependencies count too: without them a package that is
	// skipped because an import is broken would be skipped silently. They
	// come first, dependencies before dependents, so that the go command's
	// own words (a missing C compiler, a missing module) lead.
	seenModErr := map[string]bool{}
	postorder(list.roots, func(u *unit) {
		if u.lp.Error != nil {
			for _, line := range listErrorLines(u.lp.Error, dir) {
				errs.add(line)
			}
		}
		for _, e := range u.lp.DepsErrors {
			for _, line := range listErrorLines(e, dir) {
				errs.add(line)
			}
		}
		if m := u.lp.Module; m != nil && m.Error != nil && !seenModErr[m.Path] {
			seenModErr[m.Path] = true
			errs.add(oneLine(m.Error.Err))
		}
	})
	var good []*unit
	for _, r := range list.roots {
		if markBuildable(r) {
			good = append(good, r)
		} else {
			res.skipped++
		}
	}
	if res.skipped > 0 && errs.Total == 0 {
		errs.add(fmt.Sprintf("%d packages could not be built, but the go command reported no error; run go vet on them for details", res.skipped))
	}

	if p != nil && len(good) > 0 {
		d := &driver{dir: dir, plan: p, env: list.env, tags: opts.Tags, overlay: opts.Overlay, cache: cache, goMods: map[string]string{}, exports: newExportLoader(), checks: map[*unit]*sourceCheck{}, ids: map[*unit]string{}}
		if cache != nil {
			if d.toolID, err = cache.toolID(); err != nil {
				warn("cannot identify the relguard executable (%v); linting without the cache", err)
				d.cache = nil
			}
		}
		jobs := d.analyze(good)
		var warnings []warning
		seen := map[string]bool{}
		for _, j := range jobs {
			if j.failed {
				for _, line := range j.typeErrs {
					errs.add(line)
				}
				if j.keep {
					res.skipped++
				}
				continue
			}
			if j.hit {
				res.hits++
			} else {
				res.misses++
			}
			if !j.keep {
				continue
			}
			for _, diag := range j.out.diags {
				key := fmt.Sprintf("%s\x00%s\x00%d:%d\x00%s", diag.Analyzer, diag.File, diag.Line, diag.Column, diag.Message)
				if seen[key] {
					continue // the same file analysed via a package and its test variant
				}
				seen[key] = true
				res.diags = append(res.diags, diag)
			}
			warnings = append(warnings, j.out.warnings...)
		}
		var failures []string
		for _, j := range jobs {
			failures = append(failures, j.out.failures...)
		}
		slices.Sort(failures)
		for _, f := range failures {
			errs.add(f)
		}
		if opts.Warnings != nil {
			sortWarnings(warnings)
			warnings = slices.Compact(warnings)
			for _, w := range warnings {
				fmt.Fprintln(opts.Warnings, relPath(w.File, dir)+fmt.Sprintf(":%d:%d: %s", w.Line, w.Column, w.Message))
			}
		}
	}
	if cache != nil {
		cache.trim(time.Now())
		if cache.writeErr != nil {
			warn("cannot write the cache in %s (%v); set %s to a writable directory, or pass --no-cache", cache.dir, regularfile.Cause(cache.writeErr), cacheEnv)
		}
	}
	sortDiagnostics(res.diags)
	if errs.Total > 0 {
		res.errs = errs
	}
	return res, nil
}

func convert(fset *token.FileSet, analyzer string, d analysis.Diagnostic) Diagnostic {
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() && d.End >= d.Pos {
		end = fset.Position(d.End)
	}
	diag := Diagnostic{
		Analyzer:  analyzer,
		File:      start.Filename,
		Line:      start.Line,
		Column:    start.Column,
		EndLine:   end.Line,
		EndColumn: end.Column,
		Message:   d.Message,
		Fixes:     []Fix{},
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message, Edits: []Edit{}}
		usable := len(sf.TextEdits) > 0
		for _, te := range sf.TextEdits {
			tf := fset.File(te.Pos)
			if tf == nil {
				usable = false
				break
			}
			teEnd := te.End
			if !teEnd.IsValid() {
				teEnd = te.Pos
			}
			// Offsets are in the file the compiler saw; when //line
			// directives map it elsewhere (cgo output) the edit cannot be
			// applied to the file the user edits.
			if fset.Position(te.Pos).Filename != tf.Name() {
				usable = false
				break
			}
			fix.Edits = append(fix.Edits, Edit{
				File:    tf.Name(),
				Offset:  tf.Offset(te.Pos),
				End:     tf.Offset(teEnd),
				NewText: string(te.NewText),
			})
		}
		if usable {
			diag.Fixes = append(diag.Fixes, fix)
		}
	}
	return diag
}

func sortDiagnostics(diags []Diagnostic) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i], diags[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Analyzer != b.Analyzer {
			return a.Analyzer < b.Analyzer
		}
		return a.Message < b.Message
	})
}

// oneLine keeps the first line of multi-line tool output (go list errors
// can embed whole command transcripts).
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if first, _, found := strings.Cut(s, "\n"); found {
		return strings.TrimSpace(first)
	}
	return s
}

// relPath returns path relative to dir when it is below dir, path otherwise.
func relPath(path, dir string) string {
	if dir == "" || !filepath.IsAbs(path) {
		return path
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

// overlayFlags makes the go command see overlay instead of the files on
// disk (go build -overlay), so that the export data of the packages it
// builds reflects the overlaid content; the driver reads the overlay
// itself when it parses a package.
func overlayFlags(overlay map[string][]byte) (flags []string, cleanup func(), err error) {
	cleanup = func() {}
	if len(overlay) == 0 {
		return nil, cleanup, nil
	}
	tmp, err := os.MkdirTemp("", "relguard-overlay-")
	if err != nil {
		return nil, cleanup, fmt.Errorf("cannot create the overlay directory: %v", err)
	}
	cleanup = func() { os.RemoveAll(tmp) }
	replace := make(map[string]string, len(overlay))
	i := 0
	for path, content := range overlay {
		file := filepath.Join(tmp, fmt.Sprintf("%d.go", i))
		i++
		if err := os.WriteFile(file, content, 0o600); err != nil {
			cleanup()
			return nil, func() {}, fmt.Errorf("cannot write the overlay: %v", err)
		}
		replace[path] = file
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, "overlay.json"), data, 0o600)
	}
	if err != nil {
		cleanup()
		return nil, func() {}, fmt.Errorf("cannot write the overlay: %v", err)
	}
	return []string{"-overlay=" + filepath.Join(tmp, "overlay.json")}, cleanup, nil
}
