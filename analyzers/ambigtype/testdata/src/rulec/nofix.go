package rulec

import "example.com/aws/session"

// Every candidate name is taken, so only the message proposes one.
func crowded(sess, awsSession, sessionVal, session1 int) {
	session := session.New() // want `rename it \(e\.g\. sess\)`
	_ = session
}
