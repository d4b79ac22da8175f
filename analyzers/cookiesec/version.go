package cookiesec

import (
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/semver"
)

// moduleVersion returns the version of the module providing package
// pkgPath that the analysed package is built against, or "" when it cannot
// be told. The type checker knows where the package's declarations come
// from: in the module cache that file lies under module@version; in a
// vendor directory, vendor/modules.txt records the version.
func (c *checker) moduleVersion(pkgPath string) string {
	pkg := findImport(c.pass.Pkg, pkgPath)
	if pkg == nil {
		return ""
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() || !obj.Pos().IsValid() {
			continue
		}
		tf := c.pass.Fset.File(obj.Pos())
		if tf == nil {
			continue
		}
		if v := versionFromPath(filepath.ToSlash(tf.Name()), pkgPath); v != "" {
			return v
		}
		if v := vendoredVersion(filepath.ToSlash(tf.Name()), pkgPath); v != "" {
			return v
		}
		return ""
	}
	return ""
}

// findImport looks for pkgPath among pkg's imports, transitively.
func findImport(pkg *types.Package, pkgPath string) *types.Package {
	seen := map[*types.Package]bool{}
	queue := []*types.Package{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range p.Imports() {
			if imp.Path() == pkgPath {
				return imp
			}
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	return nil
}

// versionFromPath finds "module@version/" in a file name of the module
// cache, where the module path is pkgPath or one of its parents (upper
// case letters are escaped there as "!x").
func versionFromPath(file, pkgPath string) string {
	for mod := pkgPath; mod != "." && mod != "/" && mod != ""; mod = parentPath(mod) {
		i := strings.Index(file, escapePath(mod)+"@")
		if i < 0 {
			continue
		}
		rest := file[i+len(escapePath(mod))+1:]
		v, _, _ := strings.Cut(rest, "/")
		if semver.IsValid(v) {
			return v
		}
	}
	return ""
}

func parentPath(p string) string {
	i := strings.LastIndex(p, "/")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// escapePath is the module cache's spelling of a path (golang.org/x/mod's
// module.EscapePath without its validation).
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// vendoredVersion reads the version of a vendored package's module from
// vendor/modules.txt.
func vendoredVersion(file, pkgPath string) string {
	i := strings.LastIndex(file, "/vendor/"+pkgPath+"/")
	if i < 0 {
		return ""
	}
	data, err := os.ReadFile(filepath.FromSlash(file[:i] + "/vendor/modules.txt"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		// "# module version" or "# module version => replacement version"
		if len(f) >= 3 && f[0] == "#" && (pkgPath == f[1] || strings.HasPrefix(pkgPath, f[1]+"/")) {
			v := f[2]
			if len(f) >= 6 && f[3] == "=>" && semver.IsValid(f[5]) {
				v = f[5]
			}
			if semver.IsValid(v) {
				return v
			}
		}
	}
	return ""
}

// versionBefore reports whether v is an older version than than.
func versionBefore(v, than string) bool {
	return semver.IsValid(v) && semver.Compare(v, than) < 0
}
