package ambigtype

import (
	"fmt"
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
		family := map[*ast.ImportSpec]bool{}
		if !c.s.strict {
			family = c.familyOf(members)
		}
		var targets []member
		anyDot := false
		for _, m := range members {
			if m.plain && m.spec != nil && !family[m.spec] {
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

// collides reports whether members spell two or more types through two or
// more plain members, once an exempt family counts as a single party.
func (c *checker) collides(members []member) bool {
	family := map[*ast.ImportSpec]bool{}
	if !c.s.strict {
		family = c.familyOf(members)
	}
	var identities []types.Type
	plain, inFamily := 0, false
	for _, m := range members {
		if family[m.spec] && m.spec != nil {
			if !inFamily {
				// The whole family is one party: a reader knows the
				// provider packages apart by their import names.
				inFamily = true
				plain++
				identities = append(identities, nil)
			}
			continue
		}
		if m.plain {
			plain++
		}
		if !slices.ContainsFunc(identities, func(t types.Type) bool { return t != nil && sameIdentity(t, m.identity) }) {
			identities = append(identities, m.identity)
		}
	}
	return len(identities) >= 2 && plain >= 2
}

// familyOf returns the members that form an exempt family: packages from
// outside the module, at least -family of them siblings under one parent
// path (a set of OAuth provider packages that each export a Session), plus
// the family's root packages, whose path is an ancestor of that parent
// (goth itself, one directory above goth/providers/*). Nil when there is
// no such family.
func (c *checker) familyOf(members []member) map[*ast.ImportSpec]bool {
	byParent := make(map[string][]member)
	for _, m := range members {
		if m.spec == nil || m.imported == nil || c.insideModule(m.imported.Path()) {
			continue
		}
		dir := path.Dir(m.imported.Path())
		if dir == "." || dir == "/" {
			continue
		}
		byParent[dir] = append(byParent[dir], m)
	}
	best := ""
	for dir, ms := range byParent {
		if len(ms) < c.s.family.n {
			continue
		}
		if best == "" || len(ms) > len(byParent[best]) || len(ms) == len(byParent[best]) && dir < best {
			best = dir
		}
	}
	if best == "" {
		return nil
	}
	family := make(map[*ast.ImportSpec]bool)
	for _, m := range byParent[best] {
		family[m.spec] = true
	}
	for _, m := range members {
		if m.spec == nil || m.imported == nil || family[m.spec] || c.insideModule(m.imported.Path()) {
			continue
		}
		if p := m.imported.Path(); best == p || strings.HasPrefix(best, p+"/") {
			family[m.spec] = true
		}
	}
	return family
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
		parts = append(parts, "this file also uses "+name+" from "+joinCapped(paths))
	}
	if len(related) > maxListed {
		related = related[:maxListed]
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
			distinct = distinct || !sameTypes(b.imported, bindings[0].imported)
		}
		if !distinct || !spelled {
			continue
		}
		for _, b := range bindings {
			if b.spec.Name != nil && b.spec.Name.Name != b.imported.Name() {
				continue // aliased on purpose
			}
			for _, other := range bindings {
				if other.fi == b.fi || sameTypes(other.imported, b.imported) {
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

// sameTypes reports whether two imported packages give their names the
// same types: the same path, or one re-exporting the other's types through
// aliases (golang.org/x/net/context and context), so that binding one
// import name to both cannot make a type mean two things.
func sameTypes(a, b *types.Package) bool {
	return a.Path() == b.Path() || reexports(a, b) || reexports(b, a)
}

// reexports reports whether every exported type name of pkg is an alias of
// a type declared in target, and there is at least one.
func reexports(pkg, target *types.Package) bool {
	scope := pkg.Scope()
	found := false
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		if !tn.IsAlias() {
			return false
		}
		named, ok := types.Unalias(tn.Type()).(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != target.Path() {
			return false
		}
		found = true
	}
	return found
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
		reasons := r.reasons
		if len(reasons) > maxListed {
			reasons = append(reasons[:maxListed:maxListed], fmt.Sprintf("and %d more", len(r.reasons)-maxListed))
		}
		msg := strings.Join(reasons, "; ") + "; give this import a descriptive alias"
		if len(r.names) == 1 {
			msg = "ambiguous type name " + r.names[0] + ": " + msg
		} else if len(r.names) > 1 {
			msg = "ambiguous type names " + joinCapped(r.names) + ": " + msg
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

// maxListed is the most import paths (or reasons) one message lists; a
// file importing a whole provider family would otherwise get lines of
// thousands of characters.
const maxListed = 3

// joinCapped joins items like joinAnd, listing at most maxListed of them
// and counting the rest ("a, b, c and 56 more").
func joinCapped(items []string) string {
	if len(items) <= maxListed {
		return joinAnd(items)
	}
	return strings.Join(items[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(items)-maxListed)
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
