// Package models stands in for an application's models.
package models

type Session struct{ UserID int }

type User struct{}

// Generic lets tests check that instantiations keep one identity.
type Generic[T any] struct{ V T }

func Current() Session { return Session{} }
