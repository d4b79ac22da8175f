package rulebalias

import "example.com/db"

var _ = db.Session{}
