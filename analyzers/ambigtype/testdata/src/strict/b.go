package strict

import (
	"example.com/other/session" // want `import name session means "example.com/other/session" here but "example.com/aws/session" in a.go`

	"crypto/rand" // want `import name rand means "crypto/rand" here but "math/rand" in c.go`
)

func store() { session.Default(); rand.Read(nil) }
