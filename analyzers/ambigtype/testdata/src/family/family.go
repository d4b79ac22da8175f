// Package family uses three sibling provider packages from outside the
// project: a deliberate family, not an ambiguity.
package family

import (
	"example.com/providers/github"
	"example.com/providers/gitlab"
	"example.com/providers/google"
)

var _ = []any{github.Session{}, gitlab.Session{}, google.Session{}}
