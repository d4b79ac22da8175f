package auth

import "example.com/db"

func inferred() { db.Close(db.Open()) }
