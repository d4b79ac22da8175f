// Package box is one provider of a family shaped like goth's providers. Its
// Session does not implement goth.Session, so only the family rule exempts
// files that use both.
package box

// Session is this provider's session.
type Session struct{ AuthURL string }

func (s *Session) GetAuthURL() (string, error) { return s.AuthURL, nil }
