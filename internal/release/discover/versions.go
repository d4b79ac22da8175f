package discover

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/relguard/relguard/internal/release/versionfile"
)

// manifestNames are the files found by name wherever they are (outside
// the exclusions); versionfile.DetectFormat says how to read each. The
// JavaScript and PHP manifests beside package.json (bower.json,
// composer.json, jsr.json, deno.json) carry "version" too, and axios,
// for one, bumps bower.json with every release; like every candidate,
// they are judged only when in lockstep with the releases.
var manifestNames = map[string]bool{
	"package.json": true, "lerna.json": true, "bower.json": true, "composer.json": true, "jsr.json": true, "deno.json": true,
	"pyproject.toml": true, "setup.cfg": true, "Cargo.toml": true, "Chart.yaml": true,
	"VERSION": true, "VERSION.txt": true, "version.txt": true, ".version": true,
}

// pythonVersionModules are the module names that conventionally hold
// __version__.
var pythonVersionModules = map[string]bool{
	"__init__.py": true, "__about__.py": true, "_version.py": true, "version.py": true, "__version__.py": true,
}

// candidateFormat tells whether a tracked path is a version-file
// candidate, and its format: a manifest by name, a Go file named
// version*.go or under a version/ directory, or a Python module named
// __init__.py, __about__.py, _version.py, version.py or __version__.py.
func candidateFormat(p string) (versionfile.Format, bool) {
	base := path.Base(p)
	if manifestNames[base] {
		return versionfile.DetectFormat(base), true
	}
	if pythonVersionModules[base] {
		return versionfile.FormatPython, true
	}
	if strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") {
		if strings.HasPrefix(strings.ToLower(base), "version") {
			return versionfile.FormatGo, true
		}
		for _, dir := range strings.Split(path.Dir(p), "/") {
			if dir == "version" {
				return versionfile.FormatGo, true
			}
		}
	}
	return versionfile.FormatUnknown, false
}

// candidate is a file whose fields are compared with the anchor.
type candidate struct {
	path   string
	format versionfile.Format
	// keys restricts the fields read (a dynamic source's variable).
	keys []string
	// sourceOf names the manifest whose dynamic version this file holds.
	sourceOf string
	root     bool // a root or workspace manifest, or the source of one
	fields   []versionfile.Value

	// For a manifest with a dynamic version: the file that holds it
	// (recorded in its own right), the tool that takes it from the git
	// tag, or the source that is not in the repository.
	sourceFile       string
	fromTag, fromVia string
	missingSource    string
}

func (d *discoverer) versionFiles() {
	if len(d.cfg.VersionFiles) > 0 {
		d.configuredVersionFiles()
		return
	}
	if d.listErr != nil {
		return
	}
	members := d.workspaceMembers()
	var cands []*candidate
	seen := map[string]bool{}
	add := func(c *candidate) {
		if seen[c.path] {
			return
		}
		seen[c.path] = true
		cands = append(cands, c)
	}
	var sources []*candidate
	for _, f := range d.tracked {
		format, ok := candidateFormat(f)
		if !ok || Excluded(f) {
			continue
		}
		root := path.Dir(f) == "." || members[path.Dir(f)]
		if format == versionfile.FormatGo || format == versionfile.FormatPython {
			root = false
		}
		c := &candidate{path: f, format: format, root: root}
		if format == versionfile.FormatPython {
			// VERSION too: setup.py often reads pkg/version.py's VERSION.
			c.keys = []string{"__version__", "VERSION"}
		}
		if !d.readCandidate(c) {
			continue
		}
		src := d.dynamicSource(c)
		if src != nil {
			sources = append(sources, src)
		}
		add(c)
	}
	// A dynamic version's source replaces the same file found by name,
	// so that it is reported as the manifest's version.
	for _, s := range sources {
		for i, c := range cands {
			if c.path == s.path {
				cands = append(cands[:i], cands[i+1:]...)
				delete(seen, s.path)
				break
			}
		}
		if d.readCandidate(s) {
			add(s)
		}
	}
	d.judge(cands)
	sort.SliceStable(d.rel.VersionFiles, func(i, j int) bool { return d.rel.VersionFiles[i].Path < d.rel.VersionFiles[j].Path })
}

// readCandidate reads and parses a candidate at HEAD; false when it is
// not a version file at all (a Go or Python file without the variable) or
// could not be read (a problem is then recorded).
func (d *discoverer) readCandidate(c *candidate) bool {
	data, err := d.readHead(c.path)
	if err != nil {
		d.problem(readProblem("version.files", c.path, err, ""))
		return false
	}
	var vs []versionfile.Value
	if len(c.keys) > 0 {
		for _, k := range c.keys {
			v, rerr := versionfile.Read(c.format, data, k)
			if rerr != nil {
				err = rerr
				break
			}
			if v.Kind != versionfile.Missing {
				vs = append(vs, v)
			}
		}
	} else {
		vs, err = versionfile.Fields(c.format, data)
	}
	if err != nil {
		if c.format == versionfile.FormatGo || c.format == versionfile.FormatPython {
			// A source file that does not parse is the compiler's business;
			// only a version it declares matters here.
			return false
		}
		d.problem(parseProblem("version.files", c.path, err, fmt.Sprintf("fix the syntax of %s at the line shown", c.path)))
		return false
	}
	if (c.format == versionfile.FormatGo || c.format == versionfile.FormatPython) && c.sourceOf == "" {
		// A source file is a version file only when it assigns a version.
		var declared []versionfile.Value
		for _, v := range vs {
			if v.Kind != versionfile.Missing {
				declared = append(declared, v)
			}
		}
		if len(declared) == 0 {
			return false
		}
		vs = declared
	}
	c.fields = vs
	return true
}

// dynamicSource follows a manifest's dynamic version to the file that
// holds it, or records that the git tag provides it.
func (d *discoverer) dynamicSource(c *candidate) *candidate {
	dynamic := false
	placeholder := false
	for _, f := range c.fields {
		dynamic = dynamic || f.Kind == versionfile.Dynamic
		placeholder = placeholder || f.Kind == versionfile.Placeholder
	}
	var src versionfile.DynamicSource
	var ok bool
	switch c.format {
	case versionfile.FormatPyproject:
		if !dynamic && !placeholder {
			return nil
		}
		data, err := d.readHead(c.path)
		if err != nil {
			return nil
		}
		src, ok, _ = versionfile.PyprojectDynamic(data)
	case versionfile.FormatSetupCfg:
		if !dynamic {
			return nil
		}
		data, err := d.readHead(c.path)
		if err != nil {
			return nil
		}
		src, ok = versionfile.SetupCfgDynamic(data)
	default:
		return nil
	}
	if !ok {
		return nil
	}
	if src.FromTag != "" {
		c.fromTag, c.fromVia = src.FromTag, src.Via
		return nil
	}
	dir := path.Dir(c.path)
	var file string
	if src.File != "" {
		file = path.Join(dir, src.File)
	} else {
		file = d.moduleFile(dir, src.Module)
	}
	if file == "" || !d.trackedSet[file] {
		c.missingSource, c.fromVia = orDash(src.File, src.Module), src.Via
		return nil
	}
	format := versionfile.DetectFormat(file)
	var keys []string
	switch {
	case format == versionfile.FormatPython && src.Attr != "":
		keys = []string{src.Attr}
	case format == versionfile.FormatPython:
		keys = []string{"__version__", "VERSION"} // hatch's default pattern
	case format == versionfile.FormatUnknown:
		format = versionfile.FormatVersion // setuptools file: reads the whole file
	}
	c.sourceFile = file
	return &candidate{path: file, format: format, keys: keys, sourceOf: c.path + " " + src.Via, root: c.root}
}

func orDash(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func firstLine(vs []versionfile.Value) int {
	for _, v := range vs {
		if v.Line > 0 {
			return v.Line
		}
	}
	return 1
}

// moduleFile finds the file of a dotted Python module below dir, in the
// flat and the src/ layouts.
func (d *discoverer) moduleFile(dir, module string) string {
	if module == "" {
		return ""
	}
	rel := strings.ReplaceAll(module, ".", "/")
	for _, base := range []string{dir, path.Join(dir, "src")} {
		for _, p := range []string{path.Join(base, rel, "__init__.py"), path.Join(base, rel+".py")} {
			if d.trackedSet[p] {
				return p
			}
		}
	}
	return ""
}

// judge compares the candidates with the anchors and records every field.
func (d *discoverer) judge(cands []*candidate) {
	var paths []string
	for _, c := range cands {
		if declares(c) {
			paths = append(paths, c.path)
		}
	}
	var anchor *Anchor
	var atAnchor map[string][]byte
	for i := range d.anchors {
		a := d.anchors[i]
		files, err := d.readAt(a, paths)
		if err != nil {
			d.problem(Problem{Check: "version.files", Msg: err.Error(),
				Hint: "fetch the full history and tags (`git fetch --tags --unshallow`; fetch-depth: 0 in actions/checkout), or list the files under version_files: in relguard.yaml"})
			return
		}
		if anchor == nil {
			anchor, atAnchor = &a, files
		}
		if anyInLockstep(cands, files, a) {
			anchor, atAnchor = &a, files
			break
		}
	}
	if anchor != nil {
		a := *anchor
		d.rel.Anchor = &a
	}
	for _, c := range cands {
		d.record(c, anchor, atAnchor)
	}
}

// declares reports a candidate with a declared version in some field.
func declares(c *candidate) bool {
	for _, f := range c.fields {
		if f.Kind == versionfile.Declared {
			return true
		}
	}
	return false
}

// anchorFields parses a candidate as it was at the anchor: key -> value.
func anchorFields(c *candidate, data []byte) map[string]string {
	out := map[string]string{}
	var vs []versionfile.Value
	var err error
	if len(c.keys) > 0 {
		for _, k := range c.keys {
			v, rerr := versionfile.Read(c.format, data, k)
			if rerr != nil {
				return out
			}
			vs = append(vs, v)
		}
	} else {
		vs, err = versionfile.Fields(c.format, data)
		if err != nil {
			return out
		}
	}
	for _, v := range vs {
		if v.Kind == versionfile.Declared {
			out[v.Key] = v.Version
		}
	}
	return out
}

func anyInLockstep(cands []*candidate, files map[string][]byte, a Anchor) bool {
	for _, c := range cands {
		data, ok := files[c.path]
		if !ok {
			continue
		}
		for _, v := range anchorFields(c, data) {
			if sameVersion(v, a.Version) {
				return true
			}
		}
	}
	return false
}

// record adds a candidate's fields to the release.
func (d *discoverer) record(c *candidate, anchor *Anchor, atAnchor map[string][]byte) {
	base := VersionFile{Path: c.path, Format: c.format, Source: c.sourceOf}
	// A manifest whose version lives elsewhere or comes from the tag.
	switch {
	case c.fromTag != "":
		vf := base
		vf.Key, vf.Line, vf.Kind, vf.State = "dynamic", firstLine(c.fields), versionfile.Dynamic, FromGitTag
		vf.FromTag = c.fromTag
		vf.Reason = fmt.Sprintf("takes its version from the git tag (%s, %s)", c.fromTag, c.fromVia)
		d.add(vf)
		return
	case c.sourceFile != "":
		// The source file is recorded in its own right.
		return
	case c.missingSource != "":
		vf := base
		vf.Key, vf.Line, vf.Kind, vf.State = "dynamic", firstLine(c.fields), versionfile.Dynamic, NoVersion
		vf.Reason = fmt.Sprintf("declares a dynamic version whose source %s (%s) is not a tracked file", c.missingSource, c.fromVia)
		d.add(vf)
		return
	}
	var atFields map[string]string
	existed := false
	if anchor != nil {
		if data, ok := atAnchor[c.path]; ok {
			existed = true
			atFields = anchorFields(c, data)
		}
	}
	var lockstep []versionfile.Value
	if anchor != nil {
		for _, f := range c.fields {
			if f.Kind == versionfile.Declared && sameVersion(atFields[f.Key], anchor.Version) {
				lockstep = append(lockstep, f)
			}
		}
	}
	of := ""
	if c.sourceOf != "" {
		of = "named by " + c.sourceOf + "; "
	}
	if len(lockstep) > 0 {
		for _, f := range c.fields {
			vf := fieldOf(base, f)
			vf.AnchorTag, vf.AnchorValue = anchor.Tag, atFields[f.Key]
			switch {
			case f.Kind == versionfile.Declared && sameVersion(atFields[f.Key], anchor.Version):
				vf.State = Judged
				vf.Reason = fmt.Sprintf("%sin lockstep: held %s at %s", of, atFields[f.Key], anchor.Tag)
			case f.Kind == versionfile.Declared:
				// The file's other field (a chart's appVersion in a chart
				// repository) has a scheme of its own.
				vf.State = OwnScheme
				vf.Reason = fmt.Sprintf("not in lockstep: held %s at %s, not %s", orNone(atFields[f.Key]), anchor.Tag, anchor.Version)
			default:
				continue
			}
			d.add(vf)
		}
		return
	}
	for _, f := range c.fields {
		vf := fieldOf(base, f)
		switch f.Kind {
		case versionfile.Missing:
			vf.State, vf.Reason = NoVersion, "declares no version"
		case versionfile.Placeholder:
			vf.State, vf.Reason = NoVersion, "declares the placeholder version "+f.Version
		case versionfile.Dynamic:
			vf.State, vf.Reason = NoVersion, "declares a dynamic version whose source relguard cannot tell"
		case versionfile.Independent:
			vf.State, vf.Reason = NoVersion, `declares "independent" versioning (each package has its own version)`
		case versionfile.Workspace:
			vf.State, vf.Reason = NoVersion, "inherits the workspace's version (version.workspace = true)"
		default:
			switch {
			case anchor == nil && c.root:
				vf.State = Judged
				vf.Reason = of + "no earlier release: judged as a root or workspace manifest"
			case anchor == nil:
				vf.State = Unanchored
				vf.Reason = "no earlier release shows that it follows the project's version"
			case !existed && sameVersion(f.Version, d.rel.Version):
				vf.State, vf.AnchorTag = Judged, anchor.Tag
				vf.Reason = fmt.Sprintf("new since %s, and holds the release's version", anchor.Tag)
			case !existed:
				vf.State, vf.AnchorTag = NewFile, anchor.Tag
				vf.Reason = fmt.Sprintf("did not exist at %s", anchor.Tag)
			default:
				vf.State, vf.AnchorTag, vf.AnchorValue = OwnScheme, anchor.Tag, atFields[f.Key]
				vf.Reason = fmt.Sprintf("not in lockstep: held %s at %s, not %s", orNone(atFields[f.Key]), anchor.Tag, anchor.Version)
			}
		}
		d.add(vf)
	}
}

func orNone(v string) string {
	if v == "" {
		return "no version"
	}
	return v
}

func fieldOf(base VersionFile, f versionfile.Value) VersionFile {
	vf := base
	vf.Key, vf.Line, vf.Kind = f.Key, f.Line, f.Kind
	if f.Kind == versionfile.Declared || f.Kind == versionfile.Placeholder {
		vf.Value = f.Version
	}
	if vf.Key == "" && vf.Format == versionfile.FormatVersion {
		vf.Key = "VERSION"
	}
	return vf
}

func (d *discoverer) add(vf VersionFile) {
	vf.Lockstep = vf.State == Judged
	d.rel.VersionFiles = append(d.rel.VersionFiles, vf)
}

// configuredVersionFiles reads version_files: every entry is judged.
func (d *discoverer) configuredVersionFiles() {
	var paths []string
	for _, e := range d.cfg.VersionFiles {
		paths = append(paths, e.Path)
	}
	var anchor *Anchor
	var atAnchor map[string][]byte
	if len(d.anchors) > 0 {
		a := d.anchors[0]
		if files, err := d.readAt(a, paths); err == nil {
			anchor, atAnchor = &a, files
		}
	}
	reported := map[string]bool{}
	for _, e := range d.cfg.VersionFiles {
		data, err := d.readHead(e.Path)
		if err != nil {
			d.problem(readProblem("version.files", e.Path, err, "version_files"))
			continue
		}
		format := versionfile.DetectFormat(e.Path)
		read := func(data []byte) (versionfile.Value, error) {
			if e.Regex != "" {
				re, rerr := regexp.Compile(e.Regex)
				if rerr != nil {
					return versionfile.Value{}, &versionfile.Error{Msg: "invalid regex: " + rerr.Error()}
				}
				return versionfile.ReadRegex(data, re)
			}
			return versionfile.Read(format, data, e.Key)
		}
		v, err := read(data)
		if err != nil {
			d.problem(parseProblem("version.files", e.Path, err, configuredParseHint(e.Path, e.Regex)))
			continue
		}
		file, key := e.Path, v.Key
		if v.Kind == versionfile.Workspace {
			root, rv, problem := d.cargoWorkspaceRoot(e.Path)
			if problem != nil {
				d.problem(*problem)
				continue
			}
			if root == "" {
				d.problem(Problem{Check: "version.files", File: e.Path, Line: v.Line,
					Msg:  fmt.Sprintf("%s:%d: version.workspace = true but no workspace Cargo.toml above it declares [workspace.package] version", e.Path, v.Line),
					Hint: fmt.Sprintf("add version = %q under [workspace.package] in the workspace's Cargo.toml", d.rel.Version)})
				continue
			}
			file, v, key, format = root, rv, rv.Key, versionfile.FormatCargo
		}
		loc := fmt.Sprintf("%s:%d", file, v.Line)
		if reported[loc] {
			continue
		}
		reported[loc] = true
		vf := VersionFile{Path: file, Format: format, Key: key, Regex: e.Regex, Line: v.Line, Kind: v.Kind, State: Judged, Configured: true,
			Reason: "listed under version_files in relguard.yaml"}
		if file != e.Path {
			vf.Regex = ""
			vf.Reason = "the workspace version that " + e.Path + " inherits (version_files in relguard.yaml)"
		}
		if v.Kind == versionfile.Declared || v.Kind == versionfile.Placeholder {
			vf.Value = v.Version
		}
		if anchor != nil {
			vf.AnchorTag = anchor.Tag
			if old, ok := atAnchor[file]; ok {
				if ov, err := read(old); err == nil && ov.Kind == versionfile.Declared && file == e.Path {
					vf.AnchorValue = ov.Version
				}
			}
		}
		d.add(vf)
	}
}

func configuredParseHint(p, regex string) string {
	if regex == "" && versionfile.DetectFormat(p) == versionfile.FormatUnknown {
		return fmt.Sprintf("give %s a regex: (or a key: for JSON/TOML/YAML) under version_files: in relguard.yaml", p)
	}
	if regex != "" {
		return fmt.Sprintf("make the regex for %s under version_files: in relguard.yaml match the version exactly once", p)
	}
	return fmt.Sprintf("fix the syntax of %s at the line shown", p)
}

// cargoWorkspaceRoot finds the workspace root of a crate that inherits
// its version: the nearest Cargo.toml with [workspace], from the crate's
// own directory upwards. root is empty when there is none.
func (d *discoverer) cargoWorkspaceRoot(crate string) (root string, v versionfile.Value, problem *Problem) {
	dir := path.Dir(crate)
	for {
		cand := path.Join(dir, "Cargo.toml")
		data, err := d.readHead(cand)
		if err == nil {
			isRoot, val, perr := versionfile.CargoWorkspace(data)
			if perr != nil {
				p := parseProblem("version.files", cand, perr, fmt.Sprintf("fix the syntax of %s at the line shown", cand))
				return "", v, &p
			}
			if isRoot {
				if val.Kind != versionfile.Declared {
					return "", v, nil
				}
				return cand, val, nil
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			p := readProblem("version.files", cand, err, "")
			return "", v, &p
		}
		if dir == "." || dir == "/" || dir == "" {
			return "", v, nil
		}
		dir = path.Dir(dir)
	}
}

// readProblem is a file that cannot be read.
func readProblem(check, rel string, err error, configKey string) Problem {
	hint := fmt.Sprintf("make %s a readable text file inside the repository", rel)
	notExist := errors.Is(err, fs.ErrNotExist)
	if notExist {
		hint = fmt.Sprintf("create %s, or fix its path under %s: in relguard.yaml", rel, configKey)
		if configKey == "" {
			hint = fmt.Sprintf("create %s", rel)
		}
	}
	return Problem{Check: check, File: rel, Msg: err.Error(), Hint: hint, NotExist: notExist}
}

// parseProblem is a file that cannot be parsed.
func parseProblem(check, rel string, err error, hint string) Problem {
	var ve *versionfile.Error
	line, reason := 0, err.Error()
	if errors.As(err, &ve) {
		line, reason = ve.Line, ve.Msg
	}
	loc := rel
	if line > 0 {
		loc = fmt.Sprintf("%s:%d", rel, line)
	}
	return Problem{Check: check, File: rel, Line: line, Msg: fmt.Sprintf("%s: cannot read the version: %s", loc, reason), Hint: hint}
}
