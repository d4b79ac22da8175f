// Package e2e holds relguard's end-to-end tests: they build the relguard
// binary and drive the real tools it plugs into (go vet, git and its hooks,
// the pre-commit framework, a golangci-lint built with the relguard plugin)
// on the fixture modules under testdata/integration.
package e2e
