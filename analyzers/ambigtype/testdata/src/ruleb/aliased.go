package auth

import dbsession "example.com/db"

func aliased(*Session, *dbsession.Session) {}
