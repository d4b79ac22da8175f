// Package cloud shadows an aws-style session package.
package cloud

import "example.com/app/aws/session"

func connect(profile string) string {
	session := session.Must(session.NewSessionWithOptions(session.Options{Profile: profile})) // want `^variable session shadows the import of "example.com/app/aws/session"; rename it \(e\.g\. sess\)$`
	return session.Region
}

func reuse(sess *session.Session) string {
	return sess.Region
}
