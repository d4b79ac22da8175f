package bump

import (
	"path"
	"strings"

	"github.com/relguard/relguard/internal/release/versionfile"
)

// A monorepo's packages pin each other: lerna's package.json needs
// "@lerna/create": "8.0.1", a Cargo workspace member needs
// zellij-utils = { path = "../zellij-utils", version = "0.39.2" }. Those
// requirements follow the release with the versions, or the release does
// not build (cargo rejects ^0.39.2 for a local 0.40.0) or installs the
// previous release of its own sibling from the registry (npm).

// npmDependencySections are the package.json maps of dependencies.
var npmDependencySections = []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}

// SetDependencyPins records the edits of the requirements that manifest
// (a package.json or a Cargo.toml) places on the release's own packages:
// own maps each package's name to the version it had before the release.
// A requirement is followed when it names exactly that version, bare or
// after ^, ~ or = (and npm's workspace: protocol); ranges and "*" are left
// as written. In Cargo.toml only local dependencies (with a path) count: a
// crate from the registry is not the one being released.
func (p *Plan) SetDependencyPins(manifest string, own map[string]string, version string) error {
	if len(own) == 0 {
		return nil
	}
	switch path.Base(manifest) {
	case "package.json":
		return p.npmPins(manifest, own, version)
	case "Cargo.toml":
		return p.cargoPins(manifest, own, version)
	}
	return nil
}

func (p *Plan) npmPins(manifest string, own map[string]string, version string) error {
	data, err := p.Read(manifest)
	if err != nil {
		return err
	}
	for _, section := range npmDependencySections {
		for name, old := range own {
			tok, err := locateJSONPath(data, []string{section, name})
			if err != nil {
				continue // not a dependency of this package, or not a string
			}
			if string(data[tok.Start:tok.End]) != tok.Value {
				continue // written with escapes: not a plain requirement
			}
			if err := p.pin(manifest, data, tok, name, old, version); err != nil {
				return err
			}
		}
	}
	return nil
}

// cargoDependency is one dependency entry of a Cargo.toml, however it is
// written: an inline table or a [dependencies.NAME] table.
type cargoDependency struct {
	name    string
	version *tomlValue
	local   bool
}

func (p *Plan) cargoPins(manifest string, own map[string]string, version string) error {
	data, err := p.Read(manifest)
	if err != nil {
		return err
	}
	body, bom := stripBOM(data)
	deps := map[string]*cargoDependency{}
	var order []string
	werr := walkTOML(body, func(kv tomlKV) {
		i := dependencyTable(kv.path)
		if i < 0 || kv.element >= 0 || len(kv.path) != i+3 {
			return
		}
		key := strings.Join(kv.path[:i+2], "\x00")
		d := deps[key]
		if d == nil {
			d = &cargoDependency{name: kv.path[i+1]}
			deps[key] = d
			order = append(order, key)
		}
		switch kv.path[i+2] {
		case "version":
			v := kv.value
			d.version = &v
		case "path":
			d.local = true
		case "package":
			d.name = kv.value.data // a renamed dependency
		}
	})
	if werr != nil {
		return &Error{Path: manifest, Line: lineOf(werr), Msg: werr.Error()}
	}
	for _, key := range order {
		d := deps[key]
		old, ok := own[d.name]
		if !ok || !d.local || d.version == nil {
			continue
		}
		tok, ok := tomlValueToken(body, *d.version)
		if !ok || tok.End-tok.Start != len(tok.Value) {
			continue
		}
		tok.Start += bom
		tok.End += bom
		if err := p.pin(manifest, data, tok, d.name, old, version); err != nil {
			return err
		}
	}
	return nil
}

// dependencyTable is the index of the dependency table's name in a
// Cargo.toml key path ("dependencies", "dev-dependencies",
// "build-dependencies", under [target.X] or [workspace] too), or -1.
func dependencyTable(keyPath []string) int {
	i := 0
	switch {
	case len(keyPath) > 2 && keyPath[0] == "target":
		i = 2
	case len(keyPath) > 1 && keyPath[0] == "workspace":
		i = 1
	}
	if i >= len(keyPath) {
		return -1
	}
	switch keyPath[i] {
	case "dependencies", "dev-dependencies", "build-dependencies":
		return i
	}
	return -1
}

// pin writes version over a requirement that names old exactly.
func (p *Plan) pin(manifest string, data []byte, tok Token, name, old, version string) error {
	req := tok.Value
	i := 0
	if strings.HasPrefix(req, "workspace:") {
		i = len("workspace:")
	}
	if i < len(req) && strings.ContainsRune("^~=", rune(req[i])) {
		i++
	}
	if req[i:] != old || old == version {
		return nil
	}
	added, err := p.addSplice(manifest, Splice{Start: tok.Start + i, End: tok.End, Text: version})
	if err != nil || !added {
		return err
	}
	p.Changes = append(p.Changes, Change{Path: manifest, Line: versionfile.LineAt(data, tok.Start), What: "dependency " + name, Old: req, New: req[:i] + version})
	return nil
}
