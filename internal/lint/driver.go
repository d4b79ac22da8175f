package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/scanner"
	"go/types"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// cacheFormat changes whenever what an entry holds, or what its key
// covers, changes meaning.
const cacheFormat = "1"

// driver analyses packages, consulting the cache first.
type driver struct {
	dir     string
	plan    *plan
	env     goEnv
	tags    []string
	overlay map[string][]byte
	cache   *resultCache // nil: no cache
	toolID  string

	mu     sync.Mutex
	goMods map[string]string // go.mod path -> hash of its content

	exports *exportLoader

	jobs map[*unit]*job // the packages analysed in this run

	checksMu sync.Mutex
	checks   map[*unit]*sourceCheck // packages type-checked from source
	idMu     sync.Mutex
	ids      map[*unit]string // identities of the test variants (see identity)
}

// sourceCheck is one package type-checked from source, once per run.
type sourceCheck struct {
	once sync.Once
	c    *checked
	errs []string
}

// job is one package to analyse.
type job struct {
	u    *unit
	keep bool // a package the user asked for: report its diagnostics
	// deps are the jobs whose facts this package can see: every analysed
	// package it imports, directly or not.
	deps []*job
	done chan struct{}

	hit      bool
	failed   bool     // not analysed: it (or a package it needs facts from) does not type-check
	typeErrs []string // why, when it is its own fault
	out      outcome
}

// analyze runs the analyzers on roots (every one of which built) and
// returns one job per analysed package, in ID order.
//
// Facts flow between the packages of the main modules (and the packages
// the patterns matched): with an analyzer that uses facts, the packages of
// the main modules that the roots import are analysed too, for their
// facts only, in dependency order. Packages outside (the standard library,
// other modules) are known only from export data and contribute no facts.
func (d *driver) analyze(roots []*unit) []*job {
	jobs := map[*unit]*job{}
	for _, r := range roots {
		jobs[r] = &job{u: r, keep: true}
	}
	if d.plan.usesFacts() {
		postorder(roots, func(u *unit) {
			if jobs[u] == nil && (u.mainModule() || !u.lp.DepOnly) && markBuildable(u) {
				jobs[u] = &job{u: u}
			}
		})
		reach := map[*unit][]*job{}
		var reachable func(u *unit) []*job
		reachable = func(u *unit) []*job {
			if r, ok := reach[u]; ok {
				return r
			}
			set := map[*job]bool{}
			for _, dep := range u.deps {
				if j := jobs[dep]; j != nil {
					set[j] = true
				}
				for _, j := range reachable(dep) {
					set[j] = true
				}
			}
			r := make([]*job, 0, len(set))
			for j := range set {
				r = append(r, j)
			}
			sort.Slice(r, func(a, b int) bool { return r[a].u.id < r[b].u.id })
			reach[u] = r
			return r
		}
		for u, j := range jobs {
			j.deps = reachable(u)
		}
	}

	d.jobs = jobs // read-only from here on
	all := make([]*job, 0, len(jobs))
	for _, j := range jobs {
		j.done = make(chan struct{})
		all = append(all, j)
	}
	sort.Slice(all, func(a, b int) bool { return all[a].u.id < all[b].u.id })

	// One goroutine per package; type-checking and analysis, the CPU-bound
	// part, is limited to one package per CPU.
	cpu := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, j := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(j.done)
			d.process(j, cpu)
		}()
	}
	wg.Wait()
	return all
}

func (d *driver) process(j *job, cpu chan struct{}) {
	src, hashes := d.readFiles(j.u)
	for _, dep := range j.deps {
		<-dep.done
	}
	for _, dep := range j.deps {
		if dep.failed {
			// Without that package's facts the analysis would be
			// incomplete; its errors are reported with it.
			j.failed = true
			return
		}
	}
	var key [32]byte
	if d.cache != nil {
		key = d.key(j, hashes)
		if e, ok := d.cache.get(key); ok {
			j.hit = true
			j.out = outcome{diags: e.Diagnostics, warnings: e.Warnings, facts: e.Facts}
			return
		}
	}

	cpu <- struct{}{}
	defer func() { <-cpu }()
	c, errs := d.check(j.u, src)
	if errs != nil {
		j.failed = true
		j.typeErrs = errs
		return
	}
	facts := newFactStore(c.pkg)
	// Resolving a fact's object looks into packages that another
	// goroutine's decoding may be adding objects to: hold the decoder's lock.
	view := d.view(j.u)
	d.exports.mu.Lock()
	for _, dep := range j.deps {
		if err := facts.decode(dep.out.facts, view, d.plan.factTypes); err != nil {
			j.out.failures = append(j.out.failures, fmt.Sprintf("%s: cannot read the facts of %s: %v", j.u.pkgPath, dep.u.pkgPath, err))
		}
	}
	d.exports.mu.Unlock()
	readFile := func(name string) ([]byte, error) {
		if content, ok := src[name]; ok {
			return content, nil
		}
		return d.readSource(name)
	}
	failures := j.out.failures
	j.out = runAnalyzers(j.u, c, d.plan, facts, readFile, j.keep)
	if !j.u.fromSource {
		// Nothing imports it from source: let its syntax and types go.
		d.checksMu.Lock()
		d.checks[j.u].c = nil
		d.checksMu.Unlock()
	}
	j.out.failures = append(failures, j.out.failures...)
	if d.cache != nil && len(j.out.failures) == 0 {
		d.cache.put(key, &cacheEntry{Diagnostics: j.out.diags, Warnings: j.out.warnings, Facts: j.out.facts})
	}
}

// check type-checks u from source once per run: for its own analysis, or
// because a package being type-checked imports it and it is a test
// variant, which has no export data. src, when not nil, holds the
// content of u's files.
func (d *driver) check(u *unit, src map[string][]byte) (*checked, []string) {
	d.checksMu.Lock()
	sc := d.checks[u]
	if sc == nil {
		sc = new(sourceCheck)
		d.checks[u] = sc
	}
	d.checksMu.Unlock()
	sc.once.Do(func() {
		if src == nil {
			src, _ = d.readFiles(u)
		}
		// A package imported from source but not analysed itself (a
		// package recompiled for another's test) needs its declarations only.
		declsOnly := d.jobs[u] == nil
		c, errs := typeCheck(u, src, d.env.GOARCH, d.exports.fset, declsOnly, d.importDep)
		for _, err := range errs {
			sc.errs = append(sc.errs, d.formatError(err)...)
		}
		if errs == nil {
			if declsOnly {
				c.files, c.info = nil, nil // only its types are needed
			}
			sc.c = c
		}
	})
	return sc.c, sc.errs
}

func (d *driver) importDep(dep *unit) (*types.Package, error) {
	if !dep.fromSource {
		return d.exports.load(dep)
	}
	c, errs := d.check(dep, nil)
	if errs != nil {
		return nil, fmt.Errorf("%s does not type-check: %s", dep.id, errs[0])
	}
	return c.pkg, nil
}

// view returns the packages u sees through its imports, directly or not,
// by path: where facts about them are resolved.
func (d *driver) view(u *unit) map[string]*types.Package {
	view := map[string]*types.Package{}
	var walk func(u *unit)
	walk = func(u *unit) {
		for _, dep := range u.deps {
			if _, seen := view[dep.pkgPath]; seen {
				continue
			}
			if dep.fromSource {
				if c, _ := d.check(dep, nil); c != nil {
					view[dep.pkgPath] = c.pkg
				}
			} else {
				d.exports.mu.Lock()
				view[dep.pkgPath] = d.exports.shell(dep)
				d.exports.mu.Unlock()
			}
			walk(dep)
		}
	}
	walk(u)
	return view
}

// identity names what a package that imports dep sees of it: the export
// data go list reported, or for a test variant (which has none) a hash of
// its files and of its imports' identities.
func (d *driver) identity(dep *unit) string {
	if !dep.fromSource {
		return dep.lp.Export
	}
	d.idMu.Lock()
	id, ok := d.ids[dep]
	d.idMu.Unlock()
	if ok {
		return id
	}
	_, hashes := d.readFiles(dep)
	k, sum := newKeyHasher()
	k.add("source", dep.id)
	for _, f := range dep.compiled {
		k.add("file", f, hashes[f])
	}
	for _, p := range sortedKeys(dep.imports) {
		k.add("import", p, dep.imports[p].id, d.identity(dep.imports[p]))
	}
	h := sum()
	id = "source:" + hex.EncodeToString(h[:])
	d.idMu.Lock()
	d.ids[dep] = id
	d.idMu.Unlock()
	return id
}

// readSource reads a file as the analysis must see it: from the overlay
// when it is there, else from disk (a regular file only: a named pipe in
// a package directory must not hang the run).
func (d *driver) readSource(name string) ([]byte, error) {
	if content, ok := d.overlay[name]; ok {
		return content, nil
	}
	return readSource(name)
}

// readFiles reads the package's Go files (kept for parsing) and hashes
// all its files for the cache key. A file that cannot be read hashes as
// such; parsing it then reports the error.
func (d *driver) readFiles(u *unit) (src map[string][]byte, hashes map[string]string) {
	src = map[string][]byte{}
	hashes = map[string]string{}
	for _, name := range slices.Concat(u.compiled, u.goFiles) {
		if _, done := hashes[name]; done {
			continue
		}
		content, err := d.readSource(name)
		if err != nil {
			hashes[name] = "unreadable: " + err.Error()
			continue
		}
		src[name] = content
		sum := sha256.Sum256(content)
		hashes[name] = hex.EncodeToString(sum[:])
	}
	if d.cache == nil {
		return src, hashes
	}
	for _, name := range slices.Concat(u.other, u.ignored) {
		if _, done := hashes[name]; !done {
			hashes[name] = d.hashFile(name)
		}
	}
	return src, hashes
}

func (d *driver) hashFile(name string) string {
	if content, ok := d.overlay[name]; ok {
		sum := sha256.Sum256(content)
		return hex.EncodeToString(sum[:])
	}
	data, err := readSource(name)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// key is the cache key of a job: everything its result depends on.
//
//   - relguard itself (the executable's hash) and the cache format;
//   - the go command's version, target and build settings, and the tags;
//   - the analyzers, their prerequisites and flag values, and whether the
//     package is reported on or analysed for its facts only;
//   - the package's identity, module and files (content after overlays);
//   - for each import, the identity of its export data as go list reports
//     it (a path in the build cache named by the hash of its content), so
//     a change to a dependency's API, but not to its function bodies,
//     re-analyses the package;
//   - the facts of every analysed package it imports.
func (d *driver) key(j *job, hashes map[string]string) [32]byte {
	k, sum := newKeyHasher()
	u := j.u
	k.add("relguard-lint-cache", cacheFormat)
	k.add("tool", d.toolID)
	k.add("go", d.env.GOVERSION, d.env.GOOS, d.env.GOARCH, d.env.CGO_ENABLED, d.env.GOEXPERIMENT, d.env.GOFLAGS)
	k.add("tags", normalizeTags(d.tags)...)
	if j.keep {
		k.add("analyzers", d.plan.fingerprint)
	} else {
		k.add("facts-only", d.plan.factFingerprint)
	}
	k.add("package", u.id, u.lp.Name, u.lp.Dir, u.lp.ForTest)
	if m := u.lp.Module; m != nil {
		k.add("module", m.Path, m.Version, m.GoVersion, fmt.Sprint(m.Main), m.Dir, d.goModHash(m.GoMod))
		if r := m.Replace; r != nil {
			k.add("replace", r.Path, r.Version, r.Dir)
		}
	}
	for _, list := range []struct {
		kind  string
		files []string
	}{{"compiled", u.compiled}, {"go", u.goFiles}, {"other", u.other}, {"ignored", u.ignored}} {
		for _, f := range list.files {
			k.add(list.kind, f, hashes[f])
		}
	}
	for _, p := range sortedKeys(u.imports) {
		dep := u.imports[p]
		k.add("import", p, dep.id, d.identity(dep))
		if m := dep.lp.Module; m != nil {
			k.add("import-module", m.Path, m.Version)
		}
	}
	for _, dep := range j.deps {
		sum := sha256.Sum256(dep.out.facts)
		k.add("facts", dep.u.id, hex.EncodeToString(sum[:]))
	}
	return sum()
}

// goModHash hashes a go.mod file once per run: analyzers may consult the
// versions a module requires.
func (d *driver) goModHash(path string) string {
	if path == "" {
		return ""
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if h, ok := d.goMods[path]; ok {
		return h
	}
	h := d.hashFile(path)
	d.goMods[path] = h
	return h
}

func normalizeTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		out = append(out, strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// formatError prints a parse or type error go vet-style, with the file
// name relative to the directory relguard runs in.
func (d *driver) formatError(err error) []string {
	var list scanner.ErrorList
	if errors.As(err, &list) {
		var out []string
		for _, e := range list {
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", relPath(e.Pos.Filename, d.dir), e.Pos.Line, e.Pos.Column, e.Msg))
		}
		return out
	}
	var te types.Error
	if errors.As(err, &te) && te.Fset != nil {
		p := te.Fset.Position(te.Pos)
		if p.IsValid() {
			return []string{fmt.Sprintf("%s:%d:%d: %s", relPath(p.Filename, d.dir), p.Line, p.Column, oneLine(te.Msg))}
		}
	}
	return []string{oneLine(err.Error())}
}
