// Package strict is checked with -strict.
package strict

import "example.com/aws/session" // want `import name session means "example.com/aws/session" here but "example.com/other/session" in b.go`

func connect() { session.New() }

func unrelated() string {
	session := "cookie" // want `variable session shadows the import of "example.com/aws/session"`
	return session
}
