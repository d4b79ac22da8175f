package rulefneg

import "example.com/other/session"

func store() { session.Default() }
