package rulea

import (
	dbsession "example.com/db"
	usersession "example.com/models"
)

func bothAliased(*dbsession.Session, usersession.Session) {}
