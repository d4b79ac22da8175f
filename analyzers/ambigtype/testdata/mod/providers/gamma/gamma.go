// Package gamma is one of the module's own provider packages.
package gamma

type Session struct{}
