package rulec

import "example.com/aws/session"

func param(session *session.Session) string { // want `^variable session shadows the import of "example.com/aws/session"; rename it \(e\.g\. sess\)$`
	return session.Region
}

func result() (session *session.Session) { // want `variable session shadows the import of "example.com/aws/session"`
	return nil
}

func local() string {
	session := session.New() // want `variable session shadows`
	return session.Region
}

func fromInitializer() error {
	session, err := session.NewWith(session.Options{}) // want `variable session shadows`
	_ = session
	return err
}

func varDecl() {
	var session = session.New() // want `variable session shadows`
	_ = session
}

func ranged() {
	for _, session := range session.All() { // want `variable session shadows`
		_ = session.Region
	}
}

func closure() {
	f := func(session session.Session) {} // want `variable session shadows`
	f(session.Session{})
}

// sess is taken here, so the fix falls back to the name qualified by the
// import path (awsSession).
func taken(sess int) string {
	session := session.New() // want `rename it \(e\.g\. awsSession\)`
	return session.Region
}
