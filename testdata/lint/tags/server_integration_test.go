//go:build integration

package tags

var TODOIntegration = newServer()
