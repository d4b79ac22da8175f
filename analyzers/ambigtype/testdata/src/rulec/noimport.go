package rulec

// This file does not import the session package: nothing is shadowed.
func noImport() {
	session := struct{ Region string }{}
	_ = session
}
