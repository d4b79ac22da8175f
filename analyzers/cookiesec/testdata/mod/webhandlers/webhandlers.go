// Package webhandlers sends its cookies through httputil's helpers: what a
// helper sends is judged at each call, with the call's arguments.
package webhandlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/app/httputil"
)

type config struct{ Secure bool }

const sessionCookie = "user_sess"

func login(w http.ResponseWriter, r *http.Request, token string, cfg config) {
	httputil.SetCookie(w, r, sessionCookie, token) // want `^session cookie "user_sess" set through httputil.SetCookie is sent without SameSite Lax or Strict, so it goes with cross-site requests; set SameSite to Lax$` `^session cookie "user_sess" set through httputil.SetCookie has MaxAge 24855d3h14m7s, longer than the 30d allowed`
	httputil.SetCookie(w, r, "last_page", r.URL.Path)

	httputil.SetPrefCookie(w, "lang", "en", false, false) // want `^cookie "lang" set through httputil.SetPrefCookie sets Secure to false`
	httputil.SetPrefCookie(w, "auth", token, true, false) // want `^session cookie "auth" set through httputil.SetPrefCookie sets HttpOnly to false`
	httputil.SetPrefCookie(w, "auth", token, cfg.Secure, true)
	httputil.ClearCookie(w, "auth")

	http.SetCookie(w, httputil.NewCookie("sid", token)) // want `^session cookie "sid" set through httputil.NewCookie is sent without HttpOnly`
	c := httputil.NewCookie("remember_token", token)
	c.HttpOnly = true
	http.SetCookie(w, c)

	httputil.Write(w, &http.Cookie{Name: "jwt", Value: token, Secure: true, HttpOnly: true}) // want `^session cookie "jwt" is sent without SameSite Lax or Strict`
	httputil.Theme(w, "dark")
	setNamed(w, r, "auth_token", token) // want `session cookie "auth_token" set through setNamed is sent without SameSite`  `session cookie "auth_token" set through setNamed has MaxAge`
}

// setNamed passes its own parameter on: its callers are judged.
func setNamed(w http.ResponseWriter, r *http.Request, name, value string) {
	httputil.SetCookie(w, r, name, value)
}

func ginLogin(c *gin.Context, token string) {
	httputil.SetGinCookie(c, "session", token, 3600) // want `^session cookie "session" set through httputil.SetGinCookie is sent without SameSite`
	c.SetSameSite(http.SameSiteLaxMode)
	httputil.SetGinCookie(c, "session", token, 86400*60) // want `session cookie "session" set through httputil.SetGinCookie has MaxAge 60d`
}

func ginSession(c *gin.Context, token string) {
	httputil.SetSessionCookie(c, token, 3600) // want `^session cookie "session" set through httputil.SetSessionCookie is sent without SameSite`
}

func ginLaxSession(c *gin.Context, token string) {
	c.SetSameSite(http.SameSiteStrictMode)
	httputil.SetSessionCookie(c, token, 3600)
}

func issueToken(c *gin.Context, token string) {
	httputil.AddAccessTokenCookie(c, 3600, token) // want `^session cookie set through httputil.AddAccessTokenCookie is sent without SameSite Lax or Strict`
}

func revokeToken(c *gin.Context) {
	httputil.AddAccessTokenCookie(c, 0, "")
}
