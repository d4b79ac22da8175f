//go:build relguard_never

package buildtags

var TODOExcluded int = "not even type-correct"
