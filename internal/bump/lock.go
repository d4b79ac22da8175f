package bump

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/relguard/relguard/internal/release/versionfile"
)

// Lock files embed the project's own version beside the manifests. They
// are updated the same way, one token at a time, where they hold the old
// version; where they hold something else they are out of step already and
// the output names the tool that rewrites them.

// UpdateLocks records the lock-file edits that follow a version target:
// package-lock.json's root entries (or the workspace member's entry), the
// Cargo.lock entries of the crates the target versions, and uv.lock or
// poetry.lock entries of the project itself. tracked lists the
// repository's files; only tracked lock files are touched.
func (p *Plan) UpdateLocks(tracked map[string]bool, t Target, version string) error {
	if t.Old == "" {
		return nil
	}
	dir := path.Dir(t.Path)
	var err error
	switch path.Base(t.Path) {
	case "package.json":
		for _, lockDir := range ancestors(dir) {
			for _, name := range []string{"package-lock.json", "npm-shrinkwrap.json"} {
				lock := path.Join(lockDir, name)
				if tracked[lock] {
					if err = p.npmLock(lock, lockDir, dir, t.Old, version); err != nil {
						return err
					}
				}
			}
		}
	case "Cargo.toml":
		for _, lockDir := range ancestors(dir) {
			if lock := path.Join(lockDir, "Cargo.lock"); tracked[lock] {
				return p.tomlLock(lock, t, version, "cargo update -w", sameName)
			}
		}
	case "pyproject.toml":
		for _, lockDir := range ancestors(dir) {
			if lock := path.Join(lockDir, "uv.lock"); tracked[lock] {
				if err := p.tomlLock(lock, t, version, "uv lock", samePythonName); err != nil {
					return err
				}
			}
			if lock := path.Join(lockDir, "poetry.lock"); tracked[lock] {
				if err := p.tomlLock(lock, t, version, "poetry lock", samePythonName); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// ancestors lists dir and every directory above it, up to ".".
func ancestors(dir string) []string {
	out := []string{dir}
	for dir != "." && dir != "/" && dir != "" {
		dir = path.Dir(dir)
		out = append(out, dir)
	}
	return out
}

// npmLock updates a package-lock.json: at the package's own directory the
// top-level version and packages[""]; above it (a workspace root) the
// member's packages["dir"] entry.
func (p *Plan) npmLock(lock, lockDir, pkgDir, old, version string) error {
	data, err := p.readLock(lock, "npm install")
	if data == nil {
		return err
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(pkgDir, lockDir), "/")
	if lockDir == "." {
		rel = pkgDir
		if rel == "." {
			rel = ""
		}
	}
	var paths [][]string
	if rel == "" {
		paths = append(paths, []string{"version"})
	}
	paths = append(paths, []string{"packages", rel, "version"})
	for _, keyPath := range paths {
		tok, err := locateJSONPath(data, keyPath)
		if err != nil {
			if le, ok := err.(*locateError); ok && strings.HasPrefix(le.msg, "no ") {
				continue // an older lockfileVersion, or not this package's lock
			}
			return &Error{Path: lock, Line: lineOf(err), Msg: err.Error()}
		}
		if err := p.lockToken(lock, data, tok, joinKey(keyPath), old, version, "npm install"); err != nil {
			return err
		}
	}
	return nil
}

// readLock reads a tracked lock file. One that is missing from the work
// tree (deleted, or outside a sparse checkout) holds no version to update:
// it gives a note naming the tool that regenerates it, and nil data with
// no error.
func (p *Plan) readLock(lock, tool string) ([]byte, error) {
	data, err := p.Read(lock)
	if errors.Is(err, fs.ErrNotExist) {
		p.Note(fmt.Sprintf("%s is tracked but not in the work tree; restore it and run %s", lock, tool))
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// lockToken writes version over a lock entry that holds old.
func (p *Plan) lockToken(lock string, data []byte, tok Token, what, old, version, tool string) error {
	line := versionfile.LineAt(data, tok.Start)
	switch tok.Value {
	case version:
		return nil
	case old:
		if err := p.Add(lock, Splice{Start: tok.Start, End: tok.End, Text: version}); err != nil {
			return err
		}
		p.Changes = append(p.Changes, Change{Path: lock, Line: line, What: what, Old: old, New: version})
	default:
		p.Note(fmt.Sprintf("%s:%d: %s is %s, neither %s nor %s; run %s", lock, line, what, tok.Value, old, version, tool))
	}
	return nil
}

func sameName(a, b string) bool { return a == b }

var pythonNameSep = regexp.MustCompile(`[-_.]+`)

// samePythonName compares names as PEP 503 normalises them.
func samePythonName(a, b string) bool {
	norm := func(s string) string { return pythonNameSep.ReplaceAllString(strings.ToLower(s), "-") }
	return norm(a) == norm(b)
}

// lockPackage is one [[package]] entry of a TOML lock file.
type lockPackage struct {
	name    string
	version *tomlValue
	// local: the package is built from the repository (no registry
	// source; uv's editable/virtual/directory source; poetry's directory).
	local bool
	deps  []tomlValue
}

// tomlLock updates the [[package]] entries of Cargo.lock, uv.lock or
// poetry.lock that are the target's own packages: built from the
// repository, named in t.Packages, at the old version. Cargo.lock's
// dependency lists name a version only to tell two versions of a crate
// apart ("name 1.2.3"); those follow too.
func (p *Plan) tomlLock(lock string, t Target, version, tool string, same func(a, b string) bool) error {
	if len(t.Packages) == 0 {
		return nil
	}
	data, err := p.readLock(lock, tool)
	if data == nil {
		return err
	}
	body, bom := stripBOM(data)
	pkgs := map[int]*lockPackage{}
	cargo := path.Base(lock) == "Cargo.lock"
	werr := walkTOML(body, func(kv tomlKV) {
		if kv.element < 0 || len(kv.path) < 2 || kv.path[0] != "package" {
			return
		}
		e := pkgs[kv.element]
		if e == nil {
			e = &lockPackage{local: cargo}
			pkgs[kv.element] = e
		}
		switch strings.Join(kv.path[1:], ".") {
		case "name":
			e.name = kv.value.data
		case "version":
			v := kv.value
			e.version = &v
		case "source":
			if cargo {
				e.local = false
			}
		case "source.editable", "source.virtual", "source.directory":
			e.local = true
		case "source.type":
			if kv.value.data == "directory" {
				e.local = true
			}
		case "dependencies":
			e.deps = kv.value.items
		}
	})
	if werr != nil {
		return &Error{Path: lock, Line: lineOf(werr), Msg: werr.Error()}
	}
	own := func(name string) bool {
		for _, n := range t.Packages {
			if same(n, name) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(pkgs); i++ {
		e := pkgs[i]
		if e == nil {
			continue
		}
		if e.local && own(e.name) && e.version != nil {
			tok, ok := tomlValueToken(body, *e.version)
			if ok {
				tok.Start += bom
				tok.End += bom
				if err := p.lockToken(lock, data, tok, "package "+e.name, t.Old, version, tool); err != nil {
					return err
				}
			}
		}
		for _, d := range e.deps {
			tok, ok := tomlValueToken(body, d)
			if !ok {
				continue
			}
			name, ver, found := strings.Cut(tok.Value, " ")
			if !found || !own(name) || ver != t.Old || tok.End-tok.Start != len(tok.Value) {
				continue
			}
			s := Splice{Start: bom + tok.Start + len(name) + 1, End: bom + tok.End, Text: version}
			if err := p.Add(lock, s); err != nil {
				return err
			}
		}
	}
	return nil
}
