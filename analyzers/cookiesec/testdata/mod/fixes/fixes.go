package fixes

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/gorilla/csrf"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4/middleware"
)

func single(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "v", Path: "/"}) // want `without Secure` `without HttpOnly` `without SameSite`
}

func multi(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{ // want `without Secure` `without HttpOnly` `without SameSite`
		Name:  "session",
		Value: "v",
	})
}

func falses(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "session", Secure: false, HttpOnly: false, SameSite: http.SameSiteLaxMode}) // want `Secure to false` `HttpOnly to false`
}

func assigned(w http.ResponseWriter) {
	c := &http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	c.Secure = false // want `Secure to false`
	http.SetCookie(w, c)
}

func empty(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{}) // want `without Secure`
}

func ginFalse(c *gin.Context) {
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie("session", "v", 3600, "/", "", false, true) // want `Secure to false`
}

func fiberCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: "session", Value: "v"}) // want `without Secure` `without HttpOnly`
}

var store = session.New(session.Config{Expiration: 3600}) // want `defaults to Secure false` `defaults to HttpOnly false`

func gorilla(s *sessions.CookieStore) {
	s.Options = &sessions.Options{Path: "/", MaxAge: 3600} // want `defaults to Secure false` `defaults to HttpOnly false` `defaults to no SameSite`
}

var protect = csrf.Protect([]byte("k"), csrf.Secure(false)) // want `Secure to false`

var echoCSRF = middleware.CSRFWithConfig(middleware.CSRFConfig{CookieSecure: false}) // want `Secure to false`
