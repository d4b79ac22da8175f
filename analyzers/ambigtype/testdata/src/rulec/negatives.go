package rulec

import "example.com/aws/session"

// Receivers, struct fields and parameters of bare func types are not
// reported; neither is a variable unrelated to the package.
type client struct {
	session *session.Session
}

type handler func(session *session.Session)

type opener interface {
	Open(session *session.Session)
}

func (session *client) close() {}

func unrelated() string {
	session := "cookie"
	return session
}

func assigned(s *session.Session) {
	var current *session.Session
	current = s
	_ = current
}
