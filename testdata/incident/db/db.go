// Package db holds the server-side session store.
package db

import (
	"errors"
	"sync"
)

// Session is a row of the sessions table: the server's record of a login.
type Session struct {
	ID     string
	UserID int64
}

// ErrNoSession means the session ID is unknown or already revoked.
var ErrNoSession = errors.New("no such session")

// Store keeps sessions in memory.
type Store struct {
	mu       sync.Mutex
	sessions map[string]*Session
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{sessions: map[string]*Session{}}
}

// Put records s.
func (st *Store) Put(s *Session) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sessions[s.ID] = s
}

// Get returns the session with the given ID.
func (st *Store) Get(id string) (*Session, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.sessions[id]
	if !ok {
		return nil, ErrNoSession
	}
	return s, nil
}

// Revoke deletes the session with the given ID.
func (st *Store) Revoke(id string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.sessions[id]; !ok {
		return ErrNoSession
	}
	delete(st.sessions, id)
	return nil
}
