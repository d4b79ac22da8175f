package gincontrib

import (
	"net/http"

	"github.com/gin-contrib/sessions"
	"github.com/gin-contrib/sessions/cookie"
	"github.com/gin-gonic/gin"
)

func setup(r *gin.Engine, secure bool) {
	store := cookie.NewStore([]byte("secret")) // want `^session cookie "app" of store store defaults to HttpOnly false \(cookie.NewStore with gorilla/sessions v1.4.0\), so scripts can read it; set Options.HttpOnly to true$` `session cookie "app" of store store defaults to SameSite=None`
	r.Use(sessions.Sessions("app", store))

	store2 := cookie.NewStore([]byte("secret"))
	store2.Options(sessions.Options{Path: "/", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode}) // want `^session cookie "app2" of store store2 defaults to Secure false, so it can travel over plain HTTP; set Secure to true$`
	r.Use(sessions.Sessions("app2", store2))

	store3 := cookie.NewStore([]byte("secret"))
	store3.Options(sessions.Options{Path: "/", MaxAge: 86400 * 31, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}) // want `session cookie "app3" of store store3 has MaxAge 31d`
	r.Use(sessions.Sessions("app3", store3))

	// negatives
	store4 := cookie.NewStore([]byte("secret"))
	store4.Options(sessions.Options{Path: "/", MaxAge: 3600, Secure: secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	r.Use(sessions.Sessions("app4", store4))

	r.GET("/logout", func(c *gin.Context) {
		s := sessions.Default(c)
		s.Clear()
		s.Options(sessions.Options{MaxAge: -1})
		_ = s.Save()
	})
}
