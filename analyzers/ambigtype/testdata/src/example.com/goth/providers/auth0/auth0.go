// Package auth0 is one provider of a family shaped like goth's providers.
package auth0

import "example.com/goth"

// Session is this provider's session; it implements goth.Session.
type Session struct{ AuthURL string }

var _ goth.Session = (*Session)(nil)

func (s *Session) GetAuthURL() (string, error) { return s.AuthURL, nil }
