package echo

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func routes(e *echo.Echo, secure bool) {
	e.GET("/login", func(c echo.Context) error {
		cookie := new(http.Cookie) // want `session cookie "session" is sent without Secure` `session cookie "session" is sent without SameSite Lax or Strict`
		cookie.Name = "session"
		cookie.Value = "v"
		cookie.HttpOnly = true
		cookie.Expires = time.Now().Add(24 * time.Hour)
		c.SetCookie(cookie)
		return nil
	})
	e.GET("/ok", func(c echo.Context) error {
		c.SetCookie(&http.Cookie{Name: "session", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return nil
	})
	e.GET("/logout", func(c echo.Context) error {
		c.SetCookie(&http.Cookie{Name: "session", MaxAge: -1})
		return nil
	})
	e.GET("/cfg", func(c echo.Context) error {
		c.SetCookie(&http.Cookie{Name: "session", Secure: secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return nil
	})
	e.GET("/relay", func(c echo.Context) error {
		got, err := c.Cookie("session")
		if err == nil {
			c.SetCookie(got)
		}
		return nil
	})

	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		CookieSecure:   false, // want `CSRF cookie sets Secure to false`
		CookieHTTPOnly: false,
	}))
	// negatives: defaults, None (echo forces Secure), config-driven
	e.Use(middleware.CSRF())
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{CookieSameSite: http.SameSiteNoneMode, CookieSecure: false}))
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{CookieSecure: secure}))
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{CookieSecure: false, CookieSameSite: sameSiteFromEnv()}))
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{CookieHTTPOnly: false, CookieName: "_csrf"}))
}

func sameSiteFromEnv() http.SameSite { return http.SameSiteNoneMode }
