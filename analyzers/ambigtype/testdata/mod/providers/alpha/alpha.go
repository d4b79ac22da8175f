// Package alpha is one of the module's own provider packages.
package alpha

type Session struct{}
