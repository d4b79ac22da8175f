package ambigtype

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// plainImport reports whether spec leaves its package's own name to tell
// the reader which type is meant, which is what makes a collision confusing.
func (c *checker) plainImport(spec *ast.ImportSpec, imported *types.Package) bool {
	if spec.Name == nil || spec.Name.Name == "." || spec.Name.Name == imported.Name() {
		return true
	}
	if alias, ok := c.mappedAlias(imported.Path()); ok {
		return spec.Name.Name != alias
	}
	return false
}

// mappedAlias returns the alias the first matching -alias mapping demands.
func (c *checker) mappedAlias(importPath string) (string, bool) {
	for _, m := range c.s.aliases.mappings {
		if alias, ok := m.aliasFor(importPath); ok {
			return alias, true
		}
	}
	return "", false
}

// checkCollisions is rules A and B: one name, several types, in one file.
func (c *checker) checkCollisions(fi *fileInfo) {
	names := make([]string, 0, len(fi.refs))
	for name := range fi.refs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		members := c.membersOf(fi, name)
		if len(members) < 2 || !c.collides(members) {
			continue
		}
		var targets []member
		anyDot := false
		for _, m := range members {
			if m.plain && m.spec != nil {
				targets = append(targets, m)
				anyDot = anyDot || m.dot
			}
		}
		for _, target := range targets {
			if anyDot && !target.dot {
				continue
			}
			c.addCollision(fi, name, target, members)
		}
	}
}

// membersOf lists, in source order, the import specs through which the file
// spells name plus the package's own declaration of it.
func (c *checker) membersOf(fi *fileInfo, name string) []member {
	var members []member
	if obj, ok := c.pass.Pkg.Scope().Lookup(name).(*types.TypeName); ok {
		members = append(members, member{identity: identity(obj), first: obj.Pos(), plain: true})
	}
	seen := make(map[*ast.ImportSpec]bool)
	for _, r := range fi.refs[name] {
		if seen[r.spec] {
			continue
		}
		seen[r.spec] = true
		pkgName := c.pass.TypesInfo.PkgNameOf(r.spec)
		if pkgName == nil {
			continue
		}
		imported := pkgName.Imported()
		members = append(members, member{
			spec:     r.spec,
			imported: imported,
			identity: identity(r.obj),
			first:    r.id.Pos(),
			plain:    c.plainImport(r.spec, imported),
			dot:      r.spec.Name != nil && r.spec.Name.Name == ".",
		})
	}
	return members
}

func (c *checker) collides(members []member) bool {
	var identities []types.Type
	plain := 0
	for _, m := range members {
		if m.plain {
			plain++
		}
		if !slices.ContainsFunc(identities, func(t types.Type) bool { return sameIdentity(t, m.identity) }) {
			identities = append(identities, m.identity)
		}
	}
	if len(identities) < 2 || plain < 2 {
		return false
	}
	return c.s.strict || !c.isExemptFamily(members)
}

// isExemptFamily recognises deliberate families such as a set of OAuth
// provider packages that each export a Session: siblings from outside the
// module, used together in numbers.
func (c *checker) isExemptFamily(members []member) bool {
	if len(members) < c.s.family.n {
		return false
	}
	parent := ""
	for i, m := range members {
		if m.spec == nil || c.insideModule(m.imported.Path()) {
			return false
		}
		dir := path.Dir(m.imported.Path())
		if i == 0 {
			parent = dir
		} else if dir != parent {
			return false
		}
	}
	return parent != "." && parent != "/"
}

// insideModule reports whether importPath belongs to the analysed module;
// a family is only exempt when nobody here could rename it.
func (c *checker) insideModule(importPath string) bool {
	root := ""
	if c.pass.Module != nil && c.pass.Module.Path != "" {
		root = c.pass.Module.Path
	} else {
		// Without module information (GOPATH, std) the first path element
		// is the only available notion of "this project".
		root, _, _ = strings.Cut(c.pass.Pkg.Path(), "/")
	}
	return importPath == root || strings.HasPrefix(importPath, root+"/")
}

func (c *checker) report(fi *fileInfo, spec *ast.ImportSpec) *specReport {
	r := c.reports[spec]
	if r == nil {
		r = &specReport{fi: fi, spec: spec, reported: make(map[string]bool)}
		c.reports[spec] = r
	}
	return r
}

func (r *specReport) add(name, reason string, related []analysis.RelatedInformation, fixable bool) {
	if name != "" && !slices.Contains(r.names, name) {
		r.names = append(r.names, name)
	}
	if !r.reported[reason] {
		r.reported[reason] = true
		r.reasons = append(r.reasons, reason)
		r.related = append(r.related, related...)
	}
	r.fixable = r.fixable || fixable
}

func (c *checker) addCollision(fi *fileInfo, name string, target member, members []member) {
	var paths []string
	var related []analysis.RelatedInformation
	local := false
	for _, m := range members {
		if m.spec == target.spec || sameIdentity(m.identity, target.identity) {
			continue
		}
		if m.spec == nil {
			local = true
			related = append(related, analysis.RelatedInformation{
				Pos: m.first, End: m.first + token.Pos(len(name)),
				Message: "package " + c.pass.Pkg.Name() + " declares " + name + " here",
			})
			continue
		}
		p := quote(m.imported.Path())
		if !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
		related = append(related, analysis.RelatedInformation{
			Pos: m.first, End: m.first + token.Pos(len(name)),
			Message: name + " from " + p + " is used here",
		})
	}
	var parts []string
	if local {
		parts = append(parts, "package "+c.pass.Pkg.Name()+" declares its own "+name)
	}
	if len(paths) > 0 {
		parts = append(parts, "this file also uses "+name+" from "+joinAnd(paths))
	}
	c.report(fi, target.spec).add(name, strings.Join(parts, " and "), related, true)
}

// checkDotImportsAcrossFiles is rule D: a dot-imported bare name that means
// another type in a different file of the package.
func (c *checker) checkDotImportsAcrossFiles() {
	for _, fi := range c.files {
		names := make([]string, 0, len(fi.bare))
		for name := range fi.bare {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			mine := fi.bare[name]
			if mine.spec == nil {
				continue // the package's own type: never reported
			}
			for _, other := range c.files {
				theirs, ok := other.bare[name]
				if other == fi || !ok || sameIdentity(identity(mine.obj), identity(theirs.obj)) {
					continue
				}
				origin := "package " + c.pass.Pkg.Name() + "'s own declaration"
				if theirs.spec != nil {
					origin = quote(theirs.obj.Pkg().Path())
				}
				reason := other.base + " uses a bare " + name + " from " + origin
				related := []analysis.RelatedInformation{{
					Pos: theirs.id.Pos(), End: theirs.id.End(),
					Message: "bare " + name + " from " + origin + " is used here",
				}}
				c.report(fi, mine.spec).add(name, reason, related, true)
			}
		}
	}
}

// checkImportNamesAcrossFiles is rule F: one import name bound to
// different paths in different files of the package.
func (c *checker) checkImportNamesAcrossFiles() {
	type binding struct {
		fi       *fileInfo
		spec     *ast.ImportSpec
		imported *types.Package
	}
	byName := make(map[string][]binding)
	var names []string
	for _, fi := range c.files {
		for _, spec := range fi.file.Imports {
			if spec.Name != nil && (spec.Name.Name == "." || spec.Name.Name == "_") {
				continue
			}
			pkgName := c.pass.TypesInfo.PkgNameOf(spec)
			if pkgName == nil || pkgName.Imported() == nil {
				continue
			}
			if _, ok := byName[pkgName.Name()]; !ok {
				names = append(names, pkgName.Name())
			}
			byName[pkgName.Name()] = append(byName[pkgName.Name()], binding{fi, spec, pkgName.Imported()})
		}
	}
	sort.Strings(names)
	for _, name := range names {
		bindings := byName[name]
		spelled := c.s.strict
		distinct := false
		for _, b := range bindings {
			spelled = spelled || b.fi.qualifies[name]
			distinct = distinct || b.imported.Path() != bindings[0].imported.Path()
		}
		if !distinct || !spelled {
			continue
		}
		for _, b := range bindings {
			if b.spec.Name != nil && b.spec.Name.Name != b.imported.Name() {
				continue // aliased on purpose
			}
			for _, other := range bindings {
				if other.fi == b.fi || other.imported.Path() == b.imported.Path() {
					continue
				}
				reason := "import name " + name + " means " + quote(b.imported.Path()) + " here but " + quote(other.imported.Path()) + " in " + other.fi.base
				related := []analysis.RelatedInformation{{
					Pos: other.spec.Pos(), End: other.spec.End(),
					Message: name + " is imported from " + quote(other.imported.Path()) + " here",
				}}
				c.report(b.fi, b.spec).add("", reason, related, false)
				break
			}
		}
	}
}

// emitSpecReports reports in source order, one diagnostic per import spec.
func (c *checker) emitSpecReports() {
	reports := make([]*specReport, 0, len(c.reports))
	for _, r := range c.reports {
		if !r.fi.generated {
			reports = append(reports, r)
		}
	}
	sort.Slice(reports, func(i, j int) bool { return reports[i].spec.Pos() < reports[j].spec.Pos() })
	for _, r := range reports {
		msg := strings.Join(r.reasons, "; ") + "; give this import a descriptive alias"
		if len(r.names) == 1 {
			msg = "ambiguous type name " + r.names[0] + ": " + msg
		} else if len(r.names) > 1 {
			msg = "ambiguous type names " + joinAnd(r.names) + ": " + msg
		}
		diag := analysis.Diagnostic{
			Pos:     r.spec.Pos(),
			End:     r.spec.End(),
			Message: msg,
			Related: r.related,
		}
		if r.fixable {
			if fix, ok := c.aliasFix(r.fi, r.spec); ok {
				diag.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		c.pass.Report(diag)
	}
}

func quote(s string) string { return strconv.Quote(s) }

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
