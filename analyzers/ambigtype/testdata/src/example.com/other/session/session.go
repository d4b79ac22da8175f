// Package session is a second package named session.
package session

type Store struct{}

func Default() *Store { return &Store{} }
