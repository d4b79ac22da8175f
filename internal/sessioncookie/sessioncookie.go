// Package sessioncookie is relguard's rule for telling a session cookie by
// its name. The cookiesec analyzer applies it to cookies built in Go code
// and `relguard verify` to the Set-Cookie headers a deployment sends, so a
// cookie is a session cookie for both or for neither.
package sessioncookie

import (
	"regexp"
	"strings"
)

// DefaultNamePattern matches the names of cookies that carry a session or
// credentials; cookiesec's -session-names flag replaces it.
const DefaultNamePattern = `(?i)sess|auth|token|jwt|login|remember|credential|bearer|identity|(^|[_-])sid($|[_-])`

var defaultName = regexp.MustCompile(DefaultNamePattern)

// IsCSRFName reports names containing csrf or xsrf: CSRF tokens are meant
// to be read by pages, so they are never session cookies whatever else
// their name contains.
func IsCSRFName(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "csrf") || strings.Contains(l, "xsrf")
}

// IsSessionName reports whether the default rule makes a cookie with this
// name a session cookie.
func IsSessionName(name string) bool {
	return !IsCSRFName(name) && defaultName.MatchString(name)
}
