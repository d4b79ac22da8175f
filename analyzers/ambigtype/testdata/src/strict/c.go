package strict

import (
	"math/rand" // want `import name rand means "math/rand" here but "crypto/rand" in b.go`

	"example.com/providers/github" // want `this file also uses Session from "example.com/providers/gitlab" and "example.com/providers/google"`
	"example.com/providers/gitlab" // want `this file also uses Session from "example.com/providers/github" and "example.com/providers/google"`
	"example.com/providers/google" // want `this file also uses Session from "example.com/providers/github" and "example.com/providers/gitlab"`
)

var _ = rand.Int

var _ = []any{github.Session{}, gitlab.Session{}, google.Session{}}
