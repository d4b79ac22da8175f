package ambigtype

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// aliasFix renames the import spec to the alias an -alias mapping demands
// and requalifies every use; there is no fix without a mapping, or when the
// alias would collide with a name visible at any use.
func (c *checker) aliasFix(fi *fileInfo, spec *ast.ImportSpec) (analysis.SuggestedFix, bool) {
	pkgName := c.pass.TypesInfo.PkgNameOf(spec)
	if pkgName == nil || pkgName.Imported() == nil {
		return analysis.SuggestedFix{}, false
	}
	imported := pkgName.Imported()
	alias, ok := c.mappedAlias(imported.Path())
	if !ok || alias == pkgName.Name() {
		return analysis.SuggestedFix{}, false
	}
	if c.pass.Pkg.Scope().Lookup(alias) != nil || types.Universe.Lookup(alias) != nil {
		return analysis.SuggestedFix{}, false
	}
	if fileScope := c.pass.TypesInfo.Scopes[fi.file]; fileScope != nil && fileScope.Lookup(alias) != nil {
		return analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	if spec.Name == nil {
		edits = append(edits, analysis.TextEdit{Pos: spec.Path.Pos(), End: spec.Path.Pos(), NewText: []byte(alias + " ")})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: spec.Name.Pos(), End: spec.Name.End(), NewText: []byte(alias)})
	}
	dot := spec.Name != nil && spec.Name.Name == "."
	for cur := range fi.cursor.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		obj := c.pass.TypesInfo.Uses[id]
		if obj == nil {
			continue
		}
		var edit analysis.TextEdit
		switch {
		case !dot && obj == types.Object(pkgName):
			edit = analysis.TextEdit{Pos: id.Pos(), End: id.End(), NewText: []byte(alias)}
		case dot && obj.Pkg() == imported && obj.Parent() == imported.Scope() && cur.ParentEdgeKind() != edge.SelectorExpr_Sel:
			edit = analysis.TextEdit{Pos: id.Pos(), End: id.Pos(), NewText: []byte(alias + ".")}
		default:
			continue
		}
		if visibleAt(c.pass.Pkg, alias, id.Pos()) {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, edit)
	}
	edits, ok = c.formatted(fi, edits)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "import " + strconv.Quote(imported.Path()) + " as " + alias,
		TextEdits: edits,
	}, true
}

// visibleAt reports whether name already denotes something at pos.
func visibleAt(pkg *types.Package, name string, pos token.Pos) bool {
	scope := pkg.Scope().Innermost(pos)
	if scope == nil {
		return pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj != nil
}

// checkShadowing is rule C: a local variable named after an import of a
// package that exports a watched type, whose type or initializer ties it to
// that package, hides the package from the rest of its scope.
func (c *checker) checkShadowing(fi *fileInfo) {
	shadowable := make(map[string]*types.PkgName)
	for pkgName, spec := range fi.specOf {
		if spec.Name != nil && (spec.Name.Name == "." || spec.Name.Name == "_") {
			continue
		}
		if c.exportsWatched(pkgName.Imported()) {
			shadowable[pkgName.Name()] = pkgName
		}
	}
	if len(shadowable) == 0 {
		return
	}
	for cur := range fi.cursor.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		pkgName := shadowable[id.Name]
		if pkgName == nil {
			continue
		}
		v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
			continue
		}
		init, ok := definingContext(cur)
		if !ok {
			continue
		}
		if !c.s.strict && !typeFromPackage(v.Type(), pkgName.Imported()) && !c.mentions(init, pkgName) {
			continue
		}
		newName, fix, hasFix := c.renameFix(fi, id, v, pkgName.Imported().Path())
		diag := analysis.Diagnostic{
			Pos:     id.Pos(),
			End:     id.End(),
			Message: "variable " + id.Name + " shadows the import of " + strconv.Quote(pkgName.Imported().Path()) + "; rename it (e.g. " + newName + ")",
		}
		if hasFix {
			diag.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		c.pass.Report(diag)
	}
}

// definingContext reports whether the identifier at cur declares a local
// variable, parameter, result or range variable (not a receiver, a struct
// field or a parameter of a bare func type) and returns the expression that
// initialises it, if any.
func definingContext(cur inspector.Cursor) (ast.Expr, bool) {
	id := cur.Node().(*ast.Ident)
	parent := cur.Parent()
	switch cur.ParentEdgeKind() {
	case edge.Field_Names:
		list := parent.Parent()
		if list.ParentEdgeKind() != edge.FuncType_Params && list.ParentEdgeKind() != edge.FuncType_Results {
			return nil, false
		}
		switch list.Parent().ParentEdgeKind() {
		case edge.FuncDecl_Type, edge.FuncLit_Type:
			return nil, true
		}
		return nil, false
	case edge.AssignStmt_Lhs:
		assign := parent.Node().(*ast.AssignStmt)
		if assign.Tok != token.DEFINE {
			return nil, false
		}
		return initFor(id, assign.Lhs, assign.Rhs), true
	case edge.ValueSpec_Names:
		spec := parent.Node().(*ast.ValueSpec)
		exprs := make([]ast.Expr, len(spec.Names))
		for i, n := range spec.Names {
			exprs[i] = n
		}
		return initFor(id, exprs, spec.Values), true
	case edge.RangeStmt_Key, edge.RangeStmt_Value:
		return parent.Node().(*ast.RangeStmt).X, true
	}
	return nil, false
}

func initFor(id *ast.Ident, lhs, rhs []ast.Expr) ast.Expr {
	if len(rhs) == 0 {
		return nil
	}
	if len(rhs) == len(lhs) {
		for i, e := range lhs {
			if e == id {
				return rhs[i]
			}
		}
	}
	return rhs[0]
}

// typeFromPackage reports whether t, after one pointer, is a named type
// declared in pkg (directly or through an alias declared there).
func typeFromPackage(t types.Type, pkg *types.Package) bool {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if alias, ok := t.(*types.Alias); ok && alias.Obj().Pkg() == pkg {
		return true
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Origin().Obj().Pkg() == pkg
}

func (c *checker) mentions(expr ast.Expr, pkgName *types.PkgName) bool {
	if expr == nil {
		return false
	}
	found := false
	ast.Inspect(expr, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == types.Object(pkgName) {
			found = true
		}
		return !found
	})
	return found
}

// shortWords pairs common Go variable names with their usual short or long
// form, so that a rename hint is a word a reviewer would write (session ->
// sess, cli -> client) rather than a truncation.
var shortWords = map[string]string{
	"session": "sess", "sess": "session",
	"context": "ctx", "ctx": "context",
	"cli":    "client",
	"config": "cfg", "cfg": "config", "conf": "cfg",
	"request": "req", "req": "request",
	"response": "resp", "resp": "response",
	"template": "tmpl", "tmpl": "template",
	"message": "msg", "msg": "message",
	"connection": "conn", "conn": "connection",
	"database": "db", "db": "database",
	"transaction": "tx",
	"directory":   "dir", "dir": "directory",
	"document": "doc", "doc": "document",
	"environment": "env", "env": "environment",
	"parameter": "param", "params": "parameters",
	"argument": "arg", "args": "arguments",
	"buffer": "buf", "buf": "buffer",
	"function": "fn",
	"package":  "pkg",
	"source":   "src", "src": "source",
	"destination": "dst", "dst": "destination",
	"number":      "num",
	"index":       "idx",
	"credentials": "creds", "creds": "credentials",
	"token":    "tok",
	"registry": "reg",
	"manager":  "mgr",
	"server":   "srv", "srv": "server",
	"options": "opts", "opts": "options",
	"metadata": "md",
	"account":  "acct",
}

// initialisms are the words Go code spells in one case (the list golint
// and staticcheck's ST1003 use), so that hints read netURL and ioFS.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true, "EOF": true,
	"FS": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IO": true,
	"IP": true, "JSON": true, "JWT": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true,
	"TTL": true, "UDP": true, "UI": true, "UID": true, "URI": true, "URL": true, "UTF8": true,
	"UUID": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// renameCandidates lists replacement names for a variable called name of
// type t that shadows the import of importPath, in order of preference: its
// usual short or long form, the name of its type when that differs (a
// session of type *scs.Store becomes store), the name qualified by the
// import path's parent (client from example.com/redis/client becomes
// redisClient), then name+"Val" and name+"1".
func renameCandidates(name string, t types.Type, importPath string) []string {
	var out []string
	add := func(s string) {
		if s != "" && s != name && token.IsIdentifier(s) && !token.IsKeyword(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(shortWords[name])
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		tn := named.Obj().Name()
		if initialisms[tn] {
			add(strings.ToLower(tn)) // url for URL, not uRL
		} else {
			add(strings.ToLower(tn[:1]) + tn[1:])
		}
	}
	if parent := pathWord(path.Dir(importPath)); parent != "" {
		if up := strings.ToUpper(name); initialisms[up] {
			add(parent + up) // webURL, as Go spells initialisms
		} else {
			add(parent + strings.ToUpper(name[:1]) + name[1:])
		}
	}
	add(name + "Val")
	add(name + "1")
	return out
}

// pathWord returns the last element of an import path that reads as a
// word ("aws" for github.com/aws/aws-sdk-go/aws, "redis" for
// github.com/redis/go-redis/v9), or "" when there is none.
func pathWord(dir string) string {
	for dir != "." && dir != "/" && dir != "" {
		elem := path.Base(dir)
		dir = path.Dir(dir)
		if len(elem) >= 2 && elem[0] == 'v' && strings.Trim(elem[1:], "0123456789") == "" {
			continue // a major version suffix
		}
		elem = strings.TrimSuffix(strings.TrimPrefix(elem, "go-"), "-go")
		if strings.Contains(elem, ".") || !token.IsIdentifier(elem) || strings.ToLower(elem) != elem {
			return "" // a host name or something that is not a word
		}
		return elem
	}
	return ""
}

// renameFix renames v everywhere in the file. It returns the suggested name
// even when no fix is safe, so the message can still propose one.
func (c *checker) renameFix(fi *fileInfo, def *ast.Ident, v *types.Var, importPath string) (string, analysis.SuggestedFix, bool) {
	candidates := renameCandidates(def.Name, v.Type(), importPath)
	uses := []*ast.Ident{def}
	for cur := range fi.cursor.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if c.pass.TypesInfo.Uses[id] == types.Object(v) {
			uses = append(uses, id)
		}
	}
	for _, candidate := range candidates {
		if !c.renameIsSafe(fi, v, candidate, uses) {
			continue
		}
		var edits []analysis.TextEdit
		for _, id := range uses {
			edits = append(edits, analysis.TextEdit{Pos: id.Pos(), End: id.End(), NewText: []byte(candidate)})
		}
		edits, ok := c.formatted(fi, edits)
		if !ok {
			continue
		}
		return candidate, analysis.SuggestedFix{Message: "rename " + def.Name + " to " + candidate, TextEdits: edits}, true
	}
	return candidates[0], analysis.SuggestedFix{}, false
}

// renameIsSafe rejects a new name that is visible at the declaration or any
// use, or that is spelled anywhere in the variable's scope (where it would
// either be captured or capture another object).
func (c *checker) renameIsSafe(fi *fileInfo, v *types.Var, name string, uses []*ast.Ident) bool {
	if types.Universe.Lookup(name) != nil {
		return false
	}
	for _, id := range uses {
		if visibleAt(c.pass.Pkg, name, id.Pos()) {
			return false
		}
	}
	scope := v.Parent()
	if scope.Lookup(name) != nil {
		return false
	}
	clash := false
	ast.Inspect(fi.file, func(n ast.Node) bool {
		if clash || n == nil || n.End() < scope.Pos() || n.Pos() > scope.End() {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			clash = true
		}
		return true
	})
	return !clash
}

// formatted keeps a fix gofmt-clean: renaming a qualifier or variable can
// change the alignment of neighbouring columns, in which case the edits are
// replaced by one edit covering the region gofmt rewrites.
func (c *checker) formatted(fi *fileInfo, edits []analysis.TextEdit) ([]analysis.TextEdit, bool) {
	if fi.tokFile == nil || c.pass.ReadFile == nil {
		return edits, true
	}
	src, err := c.pass.ReadFile(fi.tokFile.Name())
	if err != nil || len(src) != fi.tokFile.Size() {
		return edits, true
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		start, end := fi.tokFile.Offset(e.Pos), fi.tokFile.Offset(e.End)
		if start < last || end < start {
			return nil, false // overlapping edits
		}
		out.Write(src[last:start])
		out.Write(e.NewText)
		last = end
	}
	out.Write(src[last:])
	applied := out.Bytes()
	pretty, err := format.Source(applied)
	if err != nil {
		return nil, false
	}
	if bytes.Equal(pretty, applied) {
		return edits, true
	}
	if original, err := format.Source(src); err != nil || !bytes.Equal(original, src) {
		return edits, true // the file was not gofmt-clean to begin with
	}
	return minimalEdits(fi.tokFile, src, pretty), true
}

// minimalEdits turns a reformatted file into small edits. gofmt only moves
// whitespace within lines after a rename, so edits are computed line by line
// (one per changed line) and merge cleanly with other fixes; anything else
// becomes one edit spanning the changed region.
func minimalEdits(tokFile *token.File, src, pretty []byte) []analysis.TextEdit {
	oldLines := bytes.SplitAfter(src, []byte("\n"))
	newLines := bytes.SplitAfter(pretty, []byte("\n"))
	if len(oldLines) != len(newLines) {
		prefix, suffix := commonAffixes(src, pretty)
		return []analysis.TextEdit{{
			Pos:     tokFile.Pos(prefix),
			End:     tokFile.Pos(len(src) - suffix),
			NewText: pretty[prefix : len(pretty)-suffix],
		}}
	}
	var edits []analysis.TextEdit
	offset := 0
	for i, oldLine := range oldLines {
		newLine := newLines[i]
		if !bytes.Equal(oldLine, newLine) {
			prefix, suffix := commonAffixes(oldLine, newLine)
			edits = append(edits, analysis.TextEdit{
				Pos:     tokFile.Pos(offset + prefix),
				End:     tokFile.Pos(offset + len(oldLine) - suffix),
				NewText: newLine[prefix : len(newLine)-suffix],
			})
		}
		offset += len(oldLine)
	}
	return edits
}

func commonAffixes(a, b []byte) (prefix, suffix int) {
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}
