// Package ambigtype defines an Analyzer that reports type names which mean
// different types within one file or package.
//
// # Analyzer ambigtype
//
// ambigtype: report type names that mean different types in one file or package
//
// A file that spells Session for two different types, or a variable named
// after the session package it hides, is code a reader can misread: a
// handler that takes "the" session may be handed the wrong one. The Go
// compiler rejects the literal clash, but not these near misses. ambigtype
// reports them and proposes the import aliases that disambiguate them.
//
// The analysis is type-driven: a reference is an identifier that resolves
// to a type name and is spelled in the file, either as the Sel of pkg.Name
// or as a bare name from a dot-import. Two spellings of one type (through
// an alias declaration in another package, or two instantiations of one
// generic type) are the same type and never collide. Methods and fields
// named Session, types reached only by inference (s := db.Open()) and the
// right-hand side of an alias declaration (type DBSession = db.Session,
// which is itself the disambiguation) are not references.
//
// The watched names are set by -names (default Session).
//
// A "plain" import is one without an alias, with an alias equal to the
// package's own name, or a dot-import. When an -alias mapping exists for
// the path, any alias other than the mapped one is plain too. The package's
// own declaration of a name is always plain.
//
// Two types in one file. A file that spells a watched name for two or more
// types through two or more plain members reports every plain import spec
// involved (only the dot-imports, when there is one):
//
//	import (
//		"example.com/app/db"     // ambiguous type name Session: this file also uses Session from "example.com/app/models"; give this import a descriptive alias
//		"example.com/app/models" // ambiguous type name Session: this file also uses Session from "example.com/app/db"; give this import a descriptive alias
//	)
//
//	func logout(tx *db.Session, s models.Session)
//
// An imported type next to the package's own. The local declaration is
// never reported; the import is:
//
//	// auth.go
//	package auth
//	type Session struct{ User string }
//
//	// logout.go
//	package auth
//	import "example.com/app/db" // ambiguous type name Session: package auth declares its own Session; give this import a descriptive alias
//
// Each import spec gets one diagnostic, naming every watched name that
// collides through it ("ambiguous type names Session and User: ..."), with
// related information pointing at the other members' first use.
//
// A variable that shadows a package. A local variable, parameter, result,
// range variable or closure parameter named after an imported package
// that exports a watched type is reported when its type (after *) comes
// from that package or its initializer mentions the package:
//
//	session := session.New() // variable session shadows the import of "github.com/aws/aws-sdk-go/aws/session"; rename it (e.g. sess)
//
// Receivers, struct fields and parameters of func types are not reported.
//
// A dot-import that means something else in another file. When a
// dot-imported bare name is a different type than the bare name another
// file of the package uses, the dot-import is reported:
//
//	import . "example.com/app/db" // ambiguous type name Session: b.go uses a bare Session from "example.com/app/models"; give this import a descriptive alias
//
// One import name, two packages. When the same import name is bound to
// different paths in different files of a package and one of them spells
// a watched name through it, each unaliased import of that name is
// reported:
//
//	import "github.com/gorilla/sessions" // import name sessions means "github.com/gorilla/sessions" here but "example.com/app/sessions" in store.go; give this import a descriptive alias
//
// A type that implements an interface of the same name (a goth provider's
// Session, which implements goth.Session) is the same concept under the
// same name on purpose: the pair never collides.
//
// Two packages that give their names the same types are one: a package
// whose exported types are all aliases of another's (golang.org/x/net/context
// and context) never makes an import name mean two things.
//
// Not reported: a dot-import that conflicts with nothing, alias
// declarations, generated files (which still count as the other file for
// dot-imports and import names), and families. A family is at least
// -family packages from outside the analysed module with the same parent
// path, together with the family's root packages above them (goth next to
// goth/providers/*): a set of OAuth provider packages that each export a
// Session is deliberate. A family counts as one party: a file that uses
// only the family reports nothing, and one that also uses a Session of its
// own module reports only that import.
//
// A message lists at most three import paths (or reasons) and counts the
// rest: "... from "a", "b", "c" and 56 more".
//
// # Fixes
//
// With an -alias mapping for the path, the import is rewritten to the
// mapped alias and every qualifier that refers to it is updated (for a
// dot-import every bare use is qualified). A shadowing variable is renamed
// everywhere it is used, to the first of these names that is free: the
// usual short or long form of its name (session becomes sess, context
// ctx, cli client), its type's name when that differs, the name qualified
// by the import path's parent (cache from example.com/store/cache becomes
// storeCache), nameVal, name1. No fix is offered when the new name would
// collide with anything visible at any use, or without a mapping.
//
// # Flags
//
//	-names Session,User   type names to watch, comma-separated or repeated;
//	                      * watches every exported type name
//	-alias path:alias     the accepted alias for an import path, importas
//	                      style: path is an anchored regexp, alias may use
//	                      $1 or ${1}; repeatable, e.g.
//	                      -alias 'example.com/app/models:usermodels'
//	                      -alias 'example.com/(\w+)/session:${1}session'
//	-family 3             sibling packages from outside the module that form
//	                      an exempt family
//	-strict               report every variable that shadows a package
//	                      exporting a watched type, every import name bound
//	                      to two paths, and families too
//
// # Suppressing
//
// Prefer an alias. Where a finding is deliberate, write //nolint:ambigtype
// or //relguard:ignore ambigtype <reason> on the reported line.
package ambigtype
