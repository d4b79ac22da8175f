// Package provider is shaped like one of goth's providers: its own Session
// implements the framework's Session interface, the same concept under the
// same name on purpose. Nothing is reported.
package provider

import "example.com/goth"

// Session is this provider's session.
type Session struct{ AuthURL string }

func (s *Session) GetAuthURL() (string, error) { return s.AuthURL, nil }

func (s *Session) Marshal() string { return s.AuthURL }

// Provider starts sessions.
type Provider struct{}

func (p *Provider) BeginAuth(state string) (goth.Session, error) {
	return &Session{AuthURL: state}, nil
}
