// Package ginoverride: gin-contrib handlers that call session.Options
// before saving decide what is sent, not the store's defaults.
package ginoverride

import (
	"net/http"

	"github.com/gin-contrib/sessions"
	"github.com/gin-contrib/sessions/cookie"
	"github.com/gin-gonic/gin"
)

func setup(r *gin.Engine) {
	store := cookie.NewStore([]byte("secret"))
	r.Use(sessions.Sessions("app", store))
	r.POST("/login", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Set("user", c.PostForm("user"))
		s.Options(sessions.Options{Path: "/", MaxAge: 3600, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		_ = s.Save()
	})
	r.POST("/pin", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Options(sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode}) // want `^session cookie saved through s defaults to Secure false, so it can travel over plain HTTP; set Secure to true$`
		_ = s.Save()
	})
	r.POST("/logout", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Clear()
		s.Options(sessions.Options{MaxAge: -1})
		_ = s.Save()
	})
}
