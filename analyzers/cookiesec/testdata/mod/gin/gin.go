package gin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

var secureCookies bool

func handlers(r *gin.Engine, isDev bool) {
	r.GET("/login", func(c *gin.Context) {
		c.SetCookie("session_id", "v", 3600, "/", "", false, true) // want `session cookie "session_id" sets Secure to false` `session cookie "session_id" is sent without SameSite Lax or Strict`
	})
	r.GET("/http", func(c *gin.Context) {
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie("auth", "v", 3600, "/", "", true, false) // want `session cookie "auth" sets HttpOnly to false`
	})
	r.GET("/long", func(c *gin.Context) {
		c.SetSameSite(http.SameSiteStrictMode)
		c.SetCookie("remember", "v", 86400*60, "/", "", true, true) // want `session cookie "remember" has MaxAge 60d`
	})
	r.GET("/none", func(c *gin.Context) {
		c.SetSameSite(http.SameSiteNoneMode)                      // want `cookie "theme" uses SameSite=None without the secure flag`
		c.SetCookie("theme", "dark", 3600, "/", "", false, false) // want `cookie "theme" sets Secure to false`
	})
	r.GET("/data", func(c *gin.Context) {
		c.SetCookieData(&http.Cookie{Name: "token", Secure: true, SameSite: http.SameSiteLaxMode}) // want `session cookie "token" is sent without HttpOnly`
	})

	// negatives
	r.GET("/ok", func(c *gin.Context) {
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie("session_id", "v", 3600, "/", "", true, true)
	})
	r.GET("/cfg", func(c *gin.Context) {
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie("session_id", "v", 3600, "/", "", secureCookies, !isDev)
	})
	r.GET("/logout", func(c *gin.Context) {
		c.SetCookie("session_id", "", -1, "/", "", false, false)
	})
	r.GET("/cond", func(c *gin.Context) {
		if c.Query("x") != "" {
			c.SetSameSite(http.SameSiteLaxMode)
		}
		c.SetCookie("session_id", "v", 3600, "/", "", true, true)
	})
	r.GET("/pref", func(c *gin.Context) {
		c.SetCookie("lang", "en", 3600, "/", "", true, false)
	})
	r.GET("/csrf", func(c *gin.Context) {
		c.SetCookie("_csrf", "t", 3600, "/", "", true, false)
	})
	r.GET("/read", func(c *gin.Context) {
		v, _ := c.Cookie("session_id")
		_ = v
	})
}

func setNamed(c *gin.Context, name, value string) {
	c.SetCookie(name, value, 3600, "/", "", true, false)
}
