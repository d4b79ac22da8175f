// want package:`cookieHelpers`

// Package httputil holds cookie helpers shared by the application's
// handlers: the caller chooses the name (and some attributes), so each call
// is judged with its own arguments.
package httputil

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// SetCookie writes a cookie whose name and value the caller picks; the
// value carries its own expiry, so the cookie is kept as long as possible.
func SetCookie(w http.ResponseWriter, r *http.Request, name, value string) { // want SetCookie:`^cookieHelper\(sends http cookie\{Name=param3, Secure=\?, HttpOnly=true, SameSite=unset, Partitioned=unset, MaxAge=2147483647, Expires=unset, SessionOnly=unset, Value=param4\}\)$`
	cookie := http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		Domain:   r.URL.Host,
		HttpOnly: true,
		Secure:   IsHTTPS(r),
		MaxAge:   2147483647,
	}
	http.SetCookie(w, &cookie)
}

// IsHTTPS reports whether the request came over TLS.
func IsHTTPS(r *http.Request) bool { return r.TLS != nil }

// SetPrefCookie leaves Secure and HttpOnly to the caller.
func SetPrefCookie(w http.ResponseWriter, name, value string, secure, httpOnly bool) { // want SetPrefCookie:`Name=param2, Secure=param4, HttpOnly=param5, SameSite="lax"`
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Secure: secure, HttpOnly: httpOnly, SameSite: http.SameSiteLaxMode})
}

// ClearCookie deletes a cookie: exempt, whatever its name.
func ClearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, MaxAge: -1})
}

// NewCookie builds a cookie for the caller to send.
func NewCookie(name, value string) *http.Cookie { // want NewCookie:`returns http cookie\{Name=param1, Secure=true, HttpOnly=unset`
	return &http.Cookie{Name: name, Value: value, Path: "/", Secure: true, SameSite: http.SameSiteLaxMode}
}

// Write sends a cookie the caller built.
func Write(w http.ResponseWriter, c *http.Cookie) { // want Write:`^cookieHelper\(sends cookie parameters \[1\]\)$`
	http.SetCookie(w, c)
}

// Theme is sent the same way whoever calls: judged here, once.
func Theme(w http.ResponseWriter, value string) {
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: value, SameSite: http.SameSiteLaxMode}) // want `^cookie "theme" is sent without Secure`
}

// SetGinCookie takes SameSite from whatever the caller set on c.
func SetGinCookie(c *gin.Context, name, value string, maxAge int) { // want SetGinCookie:`sends gin cookie\{Name=param2, Secure=true, HttpOnly=true, SameSite=unset, Partitioned=unset, MaxAge=param4`
	c.SetCookie(name, value, maxAge, "/", "", true, true)
}

// SetSessionCookie names its cookie itself, but SameSite still comes from
// the caller's context and the lifetime from the caller.
func SetSessionCookie(c *gin.Context, token string, maxAge int) { // want SetSessionCookie:`sends gin cookie\{Name="session", Secure=true, HttpOnly=true, SameSite=unset, Partitioned=unset, MaxAge=param3`
	c.SetCookie("session", token, maxAge, "/", "", true, true)
}

// AccessTokenCookieName is a variable, not a constant: its name still
// says it holds a token.
var AccessTokenCookieName = "__Host-access_token"

// AddAccessTokenCookie sets the access token for as long as the caller says.
func AddAccessTokenCookie(c *gin.Context, maxAge int, token string) { // want AddAccessTokenCookie:`Name=\?AccessTokenCookieName, Secure=true, HttpOnly=true, SameSite=unset, Partitioned=unset, MaxAge=param2`
	c.SetCookie(AccessTokenCookieName, token, maxAge, "/", "", true, true)
}
