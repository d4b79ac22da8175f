package auth

import "example.com/db" // want `^ambiguous type name Session: package auth declares its own Session; give this import a descriptive alias$`

func logout(s *Session, tx *db.Session) {}
