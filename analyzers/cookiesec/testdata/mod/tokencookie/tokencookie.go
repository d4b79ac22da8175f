// Package tokencookie sets its access token cookie through a helper whose
// expiry comes from the caller: whether a call sends a live cookie or
// clears it is up to each call, so each call is judged, not the helper.
package tokencookie

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

const accessTokenCookieName = "memos.access-token"

func setTokenCookie(c echo.Context, name, token string, expiration time.Time) {
	cookie := new(http.Cookie)
	cookie.Name = name
	cookie.Value = token
	cookie.Expires = expiration
	cookie.Path = "/"
	cookie.HttpOnly = true
	cookie.SameSite = http.SameSiteStrictMode
	c.SetCookie(cookie)
}

func logout(c echo.Context) {
	cookieExp := time.Now().Add(-1 * time.Hour)
	setTokenCookie(c, accessTokenCookieName, "deleted", cookieExp)
}

// An explicitly empty value clears the token: nothing to protect.
func forget(c echo.Context) {
	setTokenCookie(c, accessTokenCookieName, "", time.Now().Add(time.Hour))
}

func login(c echo.Context, token string) {
	setTokenCookie(c, accessTokenCookieName, token, time.Now().Add(7*24*time.Hour)) // want `^session cookie "memos.access-token" set through setTokenCookie is sent without Secure`
}
