package app

import (
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/session"
)

func routes(app *fiber.App, secure bool) {
	app.Get("/login", func(c fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Value: "v", HTTPOnly: true}) // want `session cookie "session_id" is sent without Secure`
		return nil
	})
	app.Get("/js", func(c fiber.Ctx) error {
		c.Res().Cookie(&fiber.Cookie{Name: "auth", Secure: true, HTTPOnly: false}) // want `session cookie "auth" sets HttpOnly to false`
		return nil
	})
	app.Get("/disabled", func(c fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "token", Secure: true, HTTPOnly: true, SameSite: fiber.CookieSameSiteDisabled}) // want `session cookie "token" disables SameSite`
		return nil
	})
	app.Get("/long", func(c fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "jwt", Secure: true, HTTPOnly: true, MaxAge: 86400 * 45}) // want `session cookie "jwt" has MaxAge 45d`
		return nil
	})

	// negatives
	app.Get("/partitioned", func(c fiber.Ctx) error {
		// fiber v3 sends Secure itself for Partitioned and for SameSite=None
		c.Cookie(&fiber.Cookie{Name: "embed", Partitioned: true})
		c.Cookie(&fiber.Cookie{Name: "widget", SameSite: fiber.CookieSameSiteNoneMode})
		return nil
	})
	app.Get("/ok", func(c fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Secure: true, HTTPOnly: true, SameSite: "Strict"})
		return nil
	})
	app.Get("/cfg", func(c fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Secure: secure, HTTPOnly: true})
		return nil
	})
	app.Get("/logout", func(c fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", MaxAge: -1})
		c.ClearCookie("auth")
		return nil
	})
	app.Get("/read", func(c fiber.Ctx) error {
		_ = c.Cookies("session_id")
		return nil
	})

	app.Use(session.New())                                                          // want `fiber session cookie "session_id" defaults to Secure false` `fiber session cookie "session_id" defaults to HttpOnly false`
	app.Use(session.New(session.Config{CookieSecure: true, CookieHTTPOnly: false})) // want `fiber session cookie "session_id" sets HttpOnly to false`
	// negatives
	app.Use(session.New(session.Config{CookieSecure: true, CookieHTTPOnly: true, IdleTimeout: time.Hour}))
	app.Use(session.New(session.Config{CookieSecure: secure, CookieHTTPOnly: true}))
}
