package rulef

import "example.com/aws/session" // want `^import name session means "example.com/aws/session" here but "example.com/other/session" in b.go; give this import a descriptive alias$`

func connect() *session.Session { return session.New() }
