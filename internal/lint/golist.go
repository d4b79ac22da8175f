package lint

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The driver asks the go command for metadata only: one `go list -export
// -deps` names every package, its files, its imports and the compiler's
// export data for it (building what the build cache lacks, exactly as
// go vet would). Nothing is parsed or type-checked at this stage, so a run
// whose results are all cached never type-checks anything.

// listPackage is the part of `go list -json` the driver reads.
type listPackage struct {
	Name              string
	ImportPath        string // the package's ID: "p", "p [q.test]", "q.test"
	Dir               string
	Export            string
	GoFiles           []string
	CgoFiles          []string
	CompiledGoFiles   []string
	IgnoredGoFiles    []string
	IgnoredOtherFiles []string
	CFiles            []string
	CXXFiles          []string
	MFiles            []string
	HFiles            []string
	FFiles            []string
	SFiles            []string
	SwigFiles         []string
	SwigCXXFiles      []string
	SysoFiles         []string
	Imports           []string          // IDs of the imported packages
	ImportMap         map[string]string // import path in the source -> ID, where they differ
	DepOnly           bool
	ForTest           string
	Module            *listModule
	Error             *listError
	DepsErrors        []*listError
}

type listModule struct {
	Path      string
	Version   string
	Main      bool
	Dir       string
	GoMod     string
	GoVersion string
	Replace   *listModule
	Error     *struct{ Err string }
}

type listError struct {
	ImportStack []string
	Pos         string
	Err         string
}

// metaFields is what the listing of test variants needs (no file list
// that would make the go command run cgo).
const metaFields = "Name,ImportPath,Dir,GoFiles,CgoFiles,IgnoredGoFiles,IgnoredOtherFiles," +
	"CFiles,CXXFiles,MFiles,HFiles,FFiles,SFiles,SwigFiles,SwigCXXFiles,SysoFiles," +
	"Imports,ImportMap,DepOnly,ForTest,Module,Error,DepsErrors"

// listFields adds what the export-data listing needs: the files after cgo
// processing, and the export data.
const listFields = metaFields + ",CompiledGoFiles,Export"

// goEnv is the part of the go command's environment that changes what a
// package means: the cache key includes it.
type goEnv struct {
	GOVERSION    string
	GOOS         string
	GOARCH       string
	CGO_ENABLED  string
	GOEXPERIMENT string
	GOFLAGS      string
}

// listing is what the go command said about the packages to lint.
type listing struct {
	pkgs   map[string]*unit // by ID
	roots  []*unit          // the packages matched by the patterns, in ID order
	env    goEnv
	errors []string // failures of the go command itself (not of one package)
	mu     sync.Mutex
}

// unit is one package as the go command builds it.
type unit struct {
	lp      *listPackage
	id      string
	pkgPath string
	deps    []*unit          // direct imports, in ID order
	imports map[string]*unit // import path as written in the source -> package

	compiled []string // absolute names of the Go files the compiler sees
	goFiles  []string // absolute names of the Go files as the user wrote them
	other    []string // non-Go files of the package
	ignored  []string // files excluded by build constraints

	// fromSource marks a test variant: the go command does not build it,
	// so a package that imports it type-checks it from source.
	fromSource bool

	ok     bool // the package and all its dependencies built (state of markBuildable)
	marked bool
}

func (u *unit) mainModule() bool { return u.lp.Module != nil && u.lp.Module.Main }

// goList asks the go command about the packages matched by patterns.
//
// One `go list -export -deps` builds (or finds in the build cache) the
// export data of every package the analysis may import. With tests, the
// test variants ("p [p.test]", "p_test [p.test]") are described by a
// `go list -test` that builds nothing: their export data is never needed
// (they are type-checked from source, as go vet does), and building it
// would compile every test file of a package after each edit, which costs
// several times what go vet does. That listing also names the packages
// only tests import, which the export-data listing must build too.
// `go env` runs alongside.
func goList(dir string, patterns []string, tests bool, tags []string, buildFlags []string, hints *listHints) (*listing, error) {
	common := []string{"-e", "-deps=true", "-find=false", "-pgo=off", "-buildvcs=false"}
	if tags = normalizeTags(tags); len(tags) > 0 {
		common = append(common, "-tags="+strings.Join(tags, ","))
	}
	common = append(common, buildFlags...)

	var (
		wg     sync.WaitGroup
		env    goEnv
		envErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		out, err := goCommand(dir, "env", "-json", "GOVERSION", "GOOS", "GOARCH", "CGO_ENABLED", "GOEXPERIMENT", "GOFLAGS").Output()
		if err != nil {
			envErr = fmt.Errorf("go env: %v", commandError(err))
			return
		}
		if err := json.Unmarshal(out, &env); err != nil {
			envErr = fmt.Errorf("go env: %v", err)
		}
	}()
	defer wg.Wait()

	l := &listing{pkgs: map[string]*unit{}}
	builtFlags := slices.Concat([]string{"-json=" + listFields, "-test=false", "-compiled=true", "-export=true"}, common)
	var meta, built []*listPackage
	var err error
	if !tests {
		if built, err = runList(dir, l, builtFlags, patterns); err != nil {
			return nil, err
		}
	} else {
		// The export-data listing must include what only tests import,
		// which the test listing tells. The imports the previous run
		// found are a good guess (else those of the test files below
		// the patterns' directories): both listings then run at once,
		// and only what the guess missed is listed afterwards.
		guess := hints.load()
		if guess == nil {
			guess = scanTestImports(dir, patterns)
		}
		if slices.ContainsFunc(patterns, func(p string) bool { return strings.HasSuffix(p, ".go") }) {
			// A list of files is one package to the go command, which
			// refuses to mix it with import paths: list the guess apart.
			guess = nil
		}
		var (
			lw       sync.WaitGroup
			metaErr  error
			builtErr error
		)
		lw.Add(1)
		go func() {
			defer lw.Done()
			meta, metaErr = runList(dir, l, slices.Concat([]string{"-json=" + metaFields, "-test=true"}, common), patterns)
		}()
		built, builtErr = runList(dir, l, builtFlags, slices.Concat(patterns, guess))
		lw.Wait()
		if err = cmp.Or(metaErr, builtErr); err != nil {
			return nil, err
		}
		needed := testOnlyImports(meta)
		listed := map[string]bool{}
		for _, lp := range built {
			listed[lp.ImportPath] = true
		}
		var missing []string
		for _, id := range needed {
			if !listed[id] {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			more, err := runList(dir, l, builtFlags, missing)
			if err != nil {
				return nil, err
			}
			for _, lp := range more {
				if !listed[lp.ImportPath] {
					built = append(built, lp)
				}
			}
		}
		if !slices.Equal(guess, needed) {
			hints.store(needed)
		}
	}
	wg.Wait()
	if envErr != nil && len(l.errors) == 0 {
		return nil, envErr
	}
	l.env = env

	byID := map[string]*listPackage{}
	for _, lp := range built {
		byID[lp.ImportPath] = lp
	}
	if !tests {
		for _, lp := range built {
			l.pkgs[lp.ImportPath] = newUnit(lp)
		}
	} else {
		metaByID := map[string]*listPackage{}
		for _, lp := range meta {
			metaByID[lp.ImportPath] = lp
		}
		for _, lp := range meta {
			id := lp.ImportPath
			if lp.Name == "main" && strings.HasSuffix(id, ".test") && !strings.Contains(id, " ") {
				continue // a synthesized test main: never analysed nor imported
			}
			if b := byID[id]; b != nil {
				// The same package, built: its export data, the files
				// and imports after cgo processing (which adds imports of
				// runtime/cgo, syscall, unsafe) and its compile errors.
				// A load error is the same in both, with a position here.
				b.DepOnly = lp.DepOnly
				if lp.Error != nil {
					b.Error = lp.Error
				}
				b.DepsErrors = append(lp.DepsErrors, b.DepsErrors...)
				l.pkgs[id] = newUnit(b)
				continue
			}
			if base := byID[pkgPathOf(id)]; base != nil && strings.Contains(id, " ") {
				// A test variant compiles the package's files as the
				// compiler sees them (cgo output included) plus its test
				// files, none of which can use cgo; it cannot build when
				// the package itself does not.
				lp.CompiledGoFiles = variantFiles(lp, base)
				if lp.Error == nil && base.Error != nil {
					lp.Error = base.Error
				}
				if unprocessed := metaByID[base.ImportPath]; unprocessed != nil {
					for _, imp := range base.Imports {
						if !slices.Contains(unprocessed.Imports, imp) && !slices.Contains(lp.Imports, imp) {
							lp.Imports = append(lp.Imports, imp) // added by cgo
						}
					}
				}
			} else {
				lp.CompiledGoFiles = slices.Clone(lp.GoFiles)
			}
			l.pkgs[id] = newUnit(lp)
		}
	}

	for _, u := range l.pkgs {
		ids := map[string]bool{}
		for _, id := range u.lp.Imports {
			ids[id] = true
		}
		u.imports = map[string]*unit{}
		for path, id := range u.lp.ImportMap {
			if dep := l.pkgs[id]; dep != nil {
				u.imports[path] = dep
			}
		}
		for id := range ids {
			dep := l.pkgs[id]
			if dep == nil {
				continue // "C", or a package go list could not describe
			}
			u.deps = append(u.deps, dep)
			if !mappedTo(u.lp.ImportMap, id) {
				u.imports[id] = dep // the source spells the import as its ID
			}
		}
		sort.Slice(u.deps, func(i, j int) bool { return u.deps[i].id < u.deps[j].id })
	}
	l.roots = selectRoots(l.pkgs)
	return l, nil
}

// scanTestImports guesses what tests import by reading the import
// declarations of the _test.go files in the directories that relative
// patterns ("./...", "./x") name, skipping what the go command skips
// (testdata, vendor, names starting with "." or "_", nested modules).
// It is only a guess: goList lists whatever it missed afterwards.
func scanTestImports(dir string, patterns []string) []string {
	seen := map[string]bool{"testing": true}
	scan := func(d string) {
		entries, err := os.ReadDir(d)
		if err != nil {
			return
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(d, e.Name()), nil, parser.ImportsOnly)
			if err != nil {
				continue
			}
			for _, imp := range f.Imports {
				if p, err := strconv.Unquote(imp.Path.Value); err == nil && p != "C" && !strings.HasPrefix(p, ".") {
					seen[p] = true
				}
			}
		}
	}
	for _, pat := range patterns {
		if pat != "." && pat != ".." && !strings.HasPrefix(pat, "./") && !strings.HasPrefix(pat, "../") {
			continue
		}
		root, recursive := strings.CutSuffix(pat, "/...")
		root = filepath.Join(dir, filepath.FromSlash(root))
		if !recursive {
			scan(root)
			continue
		}
		// A directory that cannot be read only means fewer guesses.
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil //nolint:nilerr // an unreadable directory is skipped, not fatal
			}
			if !d.IsDir() {
				return nil
			}
			name := d.Name()
			if path != root {
				if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			scan(path)
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// runList runs one go list and decodes its output. Failures of the go
// command that are not about one package go to l.errors.
func runList(dir string, l *listing, flags, patterns []string) ([]*listPackage, error) {
	args := slices.Concat([]string{"list"}, flags, []string{"--"}, patterns)
	cmd := goCommand(dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		if errors.Is(runErr, exec.ErrNotFound) {
			return nil, errors.New("the go command is not on PATH; relguard lint needs it to load packages (install Go, or add it to PATH)")
		}
		return nil, fmt.Errorf("cannot run go list: %v", runErr)
	}
	var out []*listPackage
	seen := map[string]bool{}
	for dec := json.NewDecoder(&stdout); dec.More(); {
		lp := new(listPackage)
		if err := dec.Decode(lp); err != nil {
			return nil, fmt.Errorf("cannot read the output of go list: %v", err)
		}
		if lp.ImportPath == "" || seen[lp.ImportPath] {
			// go list -e can print a package twice when it is both matched
			// and an invalid import; the first has the useful error.
			if lp.ImportPath == "" && lp.Error != nil {
				l.addError(lp.Error.Err)
			}
			continue
		}
		seen[lp.ImportPath] = true
		out = append(out, lp)
	}
	if runErr != nil {
		// With -e, the go command exits non-zero only for errors that are
		// not about one package (no go.mod, a broken module graph...).
		said := false
		// A heading such as "go: errors parsing go.mod:" goes in front of
		// each error it introduces, so that every error is one line.
		heading := ""
		for _, line := range strings.Split(stderr.String(), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "go: downloading ") || strings.HasPrefix(line, "# ") {
				continue
			}
			if strings.HasSuffix(line, ":") {
				heading = line + " "
				continue
			}
			l.addError(heading + line)
			said = true
		}
		if !said && heading != "" {
			l.addError(strings.TrimSpace(heading))
			said = true
		}
		if !said {
			l.addError("go list failed: " + runErr.Error())
		}
	}
	return out, nil
}

// addError records a failure of the go command; the listings run
// concurrently.
func (l *listing) addError(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !slices.Contains(l.errors, msg) {
		l.errors = append(l.errors, msg)
	}
}

// testOnlyImports returns the packages that test files import and that
// are not test variants themselves: the export-data listing must build
// them as well.
func testOnlyImports(meta []*listPackage) []string {
	var out []string
	seen := map[string]bool{}
	for _, lp := range meta {
		if lp.Error != nil {
			seen[lp.ImportPath] = true // it cannot be built: asking again only repeats the error
		}
	}
	for _, lp := range meta {
		if !strings.Contains(lp.ImportPath, " ") {
			continue
		}
		for _, id := range lp.Imports {
			if !strings.Contains(id, " ") && !strings.HasPrefix(id, "vendor/") && id != "C" && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return out
}

func pkgPathOf(id string) string {
	if i := strings.IndexByte(id, ' '); i >= 0 {
		return id[:i]
	}
	return id
}

// variantFiles returns the files the compiler would see for a test
// variant: its package's compiled files, then the test files.
func variantFiles(v, base *listPackage) []string {
	abs := func(dir, f string) string {
		if filepath.IsAbs(f) {
			return f
		}
		return filepath.Join(dir, f)
	}
	inBase := map[string]bool{}
	for _, f := range slices.Concat(base.GoFiles, base.CgoFiles) {
		inBase[abs(base.Dir, f)] = true
	}
	var out []string
	for _, f := range base.CompiledGoFiles {
		out = append(out, abs(base.Dir, f))
	}
	for _, f := range slices.Concat(v.GoFiles, v.CgoFiles) {
		if !inBase[abs(v.Dir, f)] {
			out = append(out, abs(v.Dir, f))
		}
	}
	return out
}

func mappedTo(m map[string]string, id string) bool {
	for _, v := range m {
		if v == id {
			return true
		}
	}
	return false
}

func newUnit(lp *listPackage) *unit {
	u := &unit{lp: lp, id: lp.ImportPath, pkgPath: pkgPathOf(lp.ImportPath)}
	u.fromSource = strings.Contains(u.id, " ")
	abs := func(lists ...[]string) []string {
		var out []string
		for _, list := range lists {
			for _, f := range list {
				if !filepath.IsAbs(f) {
					f = filepath.Join(lp.Dir, f)
				}
				out = append(out, f)
			}
		}
		return out
	}
	if lp.Export != "" && !filepath.IsAbs(lp.Export) {
		lp.Export = filepath.Join(lp.Dir, lp.Export)
	}
	// CompiledGoFiles can list assembly files; files from the build cache
	// (cgo output) have no extension.
	for _, f := range abs(lp.CompiledGoFiles) {
		if ext := filepath.Ext(f); ext == ".go" || ext == "" {
			u.compiled = append(u.compiled, f)
		}
	}
	u.goFiles = abs(lp.GoFiles, lp.CgoFiles)
	u.other = abs(lp.CFiles, lp.CXXFiles, lp.MFiles, lp.HFiles, lp.FFiles, lp.SFiles, lp.SwigFiles, lp.SwigCXXFiles, lp.SysoFiles)
	u.ignored = abs(lp.IgnoredGoFiles, lp.IgnoredOtherFiles)
	return u
}

// selectRoots returns the packages the patterns matched (goList leaves
// out the synthesized test main packages) minus, when a package has a test
// variant, the plain package: the variant holds all its files, so analysing both
// would double the work (go vet does the same).
func selectRoots(pkgs map[string]*unit) []*unit {
	var roots []*unit
	for id, u := range pkgs {
		if u.lp.DepOnly {
			continue
		}
		if u.lp.Error == nil && len(u.lp.GoFiles)+len(u.lp.CgoFiles)+len(u.lp.CompiledGoFiles) == 0 {
			continue // only test files (without -test, or all external): nothing to analyse here
		}
		if !strings.Contains(id, " ") {
			if v := pkgs[id+" ["+id+".test]"]; v != nil && !v.lp.DepOnly {
				continue
			}
		}
		roots = append(roots, u)
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].id < roots[j].id })
	return roots
}

// markBuildable records whether u and everything it imports built, that
// is, whether u can be type-checked against its imports' export data.
func markBuildable(u *unit) bool {
	if u.marked {
		return u.ok
	}
	u.marked = true
	u.ok = u.lp.Error == nil && len(u.lp.DepsErrors) == 0 && (u.lp.Export != "" || u.fromSource || u.pkgPath == "unsafe")
	for _, d := range u.deps {
		if !markBuildable(d) {
			u.ok = false
		}
	}
	return u.ok
}

// postorder visits the packages reachable from roots, dependencies first.
func postorder(roots []*unit, visit func(*unit)) {
	seen := map[*unit]bool{}
	var walk func(u *unit)
	walk = func(u *unit) {
		if seen[u] {
			return
		}
		seen[u] = true
		for _, d := range u.deps {
			walk(d)
		}
		visit(u)
	}
	for _, r := range roots {
		walk(r)
	}
}

// listErrorLines turns one go list error into go vet-style lines, paths
// relative to dir. The go command reports a failed compilation (or cgo
// run) as a transcript: "# pkg" and then one error per line.
func listErrorLines(e *listError, dir string) []string {
	msg := strings.TrimSpace(e.Err)
	if strings.HasPrefix(msg, "# ") {
		var out []string
		for _, line := range strings.Split(msg, "\n")[1:] {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "# ") {
				continue
			}
			out = append(out, relativizeLine(line, dir))
		}
		return out
	}
	if (msg == "import cycle not allowed" || msg == "import cycle not allowed in test") && len(e.ImportStack) > 0 {
		msg += ": import stack: " + strings.Join(e.ImportStack, " -> ")
	}
	msg = firstStatement(msg)
	pos := e.Pos
	if pos == "" || pos == "-" {
		return []string{msg}
	}
	msg = strings.TrimPrefix(msg, pos+": ")
	return []string{relativizeLine(pos+": "+msg, dir)}
}

// firstStatement keeps the first line of a go command message together
// with its indented continuation ("to add it:\n\tgo get example.com/x").
func firstStatement(msg string) string {
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	out := strings.TrimSpace(lines[0])
	for _, l := range lines[1:] {
		if l == "" || (l[0] != '\t' && l[0] != ' ') {
			break
		}
		out += " " + strings.TrimSpace(l)
	}
	return out
}

// relativizeLine rewrites the "file:line[:col]: " prefix of a go command
// message to a path relative to dir (the go command writes "./x.go" for
// files below its working directory).
func relativizeLine(line, dir string) string {
	m := filePosPrefix.FindStringSubmatchIndex(line)
	if m == nil {
		return line
	}
	file := line[m[2]:m[3]]
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	return relPath(file, dir) + line[m[3]:]
}

// filePosPrefix matches "file.go:12" at the start of a message (the file
// may hold colons, as a Windows drive does).
var filePosPrefix = regexp.MustCompile(`^(.+?\.(?:go|s|c|h|cc|cpp|m|f|swig)):\d+`)

// goCommand prepares a go command run in dir with the user's environment.
func goCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	// PWD lets the go command print paths relative to dir even when dir is
	// reached through a symbolic link.
	cmd.Env = append(os.Environ(), "PWD="+dir)
	return cmd
}

func commandError(err error) string {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
		return oneLine(string(exitErr.Stderr))
	}
	return err.Error()
}
