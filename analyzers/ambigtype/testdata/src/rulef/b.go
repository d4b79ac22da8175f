package rulef

import "example.com/other/session" // want `^import name session means "example.com/other/session" here but "example.com/aws/session" in a.go; give this import a descriptive alias$`

func store() *session.Store { return session.Default() }
