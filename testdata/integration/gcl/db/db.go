// Package db stores sessions in the database.
package db

// Session is a row of the sessions table.
type Session struct{ ID string }
