// Package beta is one of the module's own provider packages.
package beta

type Session struct{}
