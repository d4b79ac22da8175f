// Package lint is the driver behind `relguard lint`: it loads packages with
// go/packages and runs relguard's analyzers with go/analysis/checker.
package lint

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Options selects what to lint.
type Options struct {
	Dir       string            // directory to load from ("" = current)
	Patterns  []string          // package patterns (default ./...)
	Tests     bool              // also analyse test files
	Overlay   map[string][]byte // absolute file path -> content, as in packages.Config.Overlay
	Analyzers []*analysis.Analyzer

	// Warnings receives one line per malformed suppression directive
	// ("path:line:col: message", paths relative to Dir); nil discards them.
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
}

func (e *Errors) Error() string {
	msg := strings.Join(e.Lines, "\n")
	if more := e.Total - len(e.Lines); more > 0 {
		msg += fmt.Sprintf("\n(%d more errors)", more)
	}
	return msg
}

func (e *Errors) add(line string) {
	if slices.Contains(e.Lines, line) {
		return // a package and its test variant report the same error
	}
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
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}

	// relguard's analyzers use no facts, so dependencies only need their
	// types (from export data), which keeps a pre-commit run fast. An
	// analyzer with facts must also run on every dependency's syntax.
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(opts.Analyzers) {
		mode |= packages.NeedDeps
	}
	cfg := &packages.Config{
		Mode:  mode,
		Dir:   dir,
		Tests: opts.Tests,
	}
	cleanup, err := applyOverlay(cfg, opts.Overlay)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("cannot load packages: %v", oneLine(err.Error()))
	}

	res := &result{dir: dir}
	errs := &Errors{}
	roots := selectRoots(pkgs)
	res.packages = len(roots)
	// Errors of dependencies count too: without them a package that is
	// skipped because an import is broken would be skipped silently.
	seenModErr := map[*packages.Module]bool{}
	for p := range packages.Postorder(roots) {
		for _, e := range packageErrors(p) {
			errs.add(formatPackageError(e, dir))
		}
		if m := p.Module; m != nil && m.Error != nil && !seenModErr[m] {
			seenModErr[m] = true
			errs.add(oneLine(m.Error.Err))
		}
	}
	var good []*packages.Package
	for _, pkg := range roots {
		if pkg.IllTyped || len(pkg.Errors) > 0 {
			res.skipped++
			continue
		}
		good = append(good, pkg)
	}
	if res.skipped > 0 && errs.Total == 0 {
		errs.add(fmt.Sprintf("%d packages could not be type-checked, but go/packages reported no error; run go vet on them for details", res.skipped))
	}

	if len(opts.Analyzers) > 0 && len(good) > 0 {
		guarded := make([]*analysis.Analyzer, len(opts.Analyzers))
		for i, a := range opts.Analyzers {
			guarded[i] = recovering(a)
		}
		graph, err := checker.Analyze(guarded, good, nil)
		if err != nil {
			return nil, fmt.Errorf("invalid analyzers: %v", err)
		}
		supp := newSuppressor(opts.Overlay)
		seen := map[string]bool{}
		var failures []string
		for _, act := range graph.Roots {
			if act.Err != nil {
				failures = append(failures, fmt.Sprintf("%s: analyzer %s failed: %v", act.Package.PkgPath, act.Analyzer.Name, oneLine(act.Err.Error())))
				continue
			}
			for _, d := range act.Diagnostics {
				diag := convert(act.Package, act.Analyzer.Name, d)
				key := fmt.Sprintf("%s\x00%s\x00%d:%d\x00%s", diag.Analyzer, diag.File, diag.Line, diag.Column, diag.Message)
				if seen[key] {
					continue // the same file analysed via a package and its test variant
				}
				seen[key] = true
				if supp.suppressed(act.Package, diag) {
					continue
				}
				res.diags = append(res.diags, diag)
			}
		}
		slices.Sort(failures) // the graph's order is not deterministic
		for _, f := range failures {
			errs.add(f)
		}
		if opts.Warnings != nil {
			for _, w := range supp.warnings(good) {
				fmt.Fprintln(opts.Warnings, relPath(w.File, dir)+fmt.Sprintf(":%d:%d: %s", w.Line, w.Column, w.Message))
			}
		}
	}
	sortDiagnostics(res.diags)
	if errs.Total > 0 {
		res.errs = errs
	}
	return res, nil
}

// selectRoots drops the synthesized test main packages and, when a package
// has a test variant, the plain package: the variant holds all its files,
// so analysing both would double the work (go vet does the same).
func selectRoots(pkgs []*packages.Package) []*packages.Package {
	ids := make(map[string]bool, len(pkgs))
	for _, p := range pkgs {
		ids[p.ID] = true
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if p.Name == "main" && strings.HasSuffix(p.ID, ".test") && !strings.Contains(p.ID, " ") {
			continue
		}
		if !strings.Contains(p.ID, " ") && ids[p.ID+" ["+p.PkgPath+".test]"] {
			continue
		}
		roots = append(roots, p)
	}
	return roots
}

func needFacts(as []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer) bool
	visit = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		return slices.ContainsFunc(a.Requires, visit)
	}
	return slices.ContainsFunc(as, visit)
}

// recovering returns a copy of a whose Run turns a panic into an error, so
// that a bug in one analyzer is reported as a clear line instead of
// crashing the whole run with a stack trace.
func recovering(a *analysis.Analyzer) *analysis.Analyzer {
	run := a.Run
	c := &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Requires:         a.Requires,
		ResultType:       a.ResultType,
		FactTypes:        a.FactTypes,
		RunDespiteErrors: a.RunDespiteErrors,
	}
	c.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error (panic: %v); please report it with the code that triggers it", r)
			}
		}()
		return run(pass)
	}
	return c
}

func convert(pkg *packages.Package, analyzer string, d analysis.Diagnostic) Diagnostic {
	fset := pkg.Fset
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

// packageErrors returns p's errors. go list reports a failed compilation
// as one error holding the compiler's transcript ("# pkg" and then one
// error per line): it is dropped when the type checker reported the same
// errors one by one, and split into lines otherwise.
func packageErrors(p *packages.Package) []packages.Error {
	checked := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Kind != packages.ListError })
	var out []packages.Error
	for _, e := range p.Errors {
		if e.Kind != packages.ListError || !strings.HasPrefix(e.Msg, "# ") {
			out = append(out, e)
			continue
		}
		if checked {
			continue
		}
		for _, line := range strings.Split(e.Msg, "\n")[1:] {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "# ") {
				out = append(out, packages.Error{Msg: line, Kind: packages.ListError})
			}
		}
	}
	return out
}

var posPrefix = regexp.MustCompile(`^(.+?):(\d+(?::\d+)?)$`)

// formatPackageError prints a go/packages error go vet-style, with the
// file name relative to dir.
func formatPackageError(e packages.Error, dir string) string {
	msg := oneLine(e.Msg)
	pos := e.Pos
	if pos == "" || pos == "-" {
		return msg
	}
	if m := posPrefix.FindStringSubmatch(pos); m != nil {
		pos = relPath(m[1], dir) + ":" + m[2]
	}
	// go list repeats the position inside some messages.
	msg = strings.TrimPrefix(msg, e.Pos+": ")
	return pos + ": " + msg
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

// applyOverlay makes the loader see overlay instead of the files on disk.
//
// packages.Config.Overlay makes go/packages distrust all export data and
// type-check every dependency from source (seconds on a large module, on
// every pre-commit run with an unstaged edit). When every overlaid file
// exists on disk, the go command's own -overlay flag gives the same view
// while go list still compiles correct export data; the loader then reads
// the disk copy, so ParseFile substitutes the overlaid content.
func applyOverlay(cfg *packages.Config, overlay map[string][]byte) (cleanup func(), err error) {
	cleanup = func() {}
	if len(overlay) == 0 {
		return cleanup, nil
	}
	if !allExist(overlay) {
		cfg.Overlay = overlay // the loader cannot read a file that is only in the overlay
		return cleanup, nil
	}
	tmp, err := os.MkdirTemp("", "relguard-overlay-")
	if err != nil {
		return cleanup, fmt.Errorf("cannot create the overlay directory: %v", err)
	}
	cleanup = func() { os.RemoveAll(tmp) }
	replace := make(map[string]string, len(overlay))
	i := 0
	for path, content := range overlay {
		file := filepath.Join(tmp, fmt.Sprintf("%d.go", i))
		i++
		if err := os.WriteFile(file, content, 0o600); err != nil {
			cleanup()
			return func() {}, fmt.Errorf("cannot write the overlay: %v", err)
		}
		replace[path] = file
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, "overlay.json"), data, 0o600)
	}
	if err != nil {
		cleanup()
		return func() {}, fmt.Errorf("cannot write the overlay: %v", err)
	}
	cfg.BuildFlags = append(cfg.BuildFlags, "-overlay="+filepath.Join(tmp, "overlay.json"))
	cfg.ParseFile = func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		if content, ok := overlay[filename]; ok {
			src = content
		}
		return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
	}
	return cleanup, nil
}

func allExist(overlay map[string][]byte) bool {
	for path := range overlay {
		if _, err := os.Stat(path); err != nil {
			return false
		}
	}
	return true
}
