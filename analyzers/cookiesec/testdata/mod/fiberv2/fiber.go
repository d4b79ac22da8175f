package fiberv2

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
)

func routes(app *fiber.App, secure bool) {
	app.Get("/login", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Value: "v", HTTPOnly: true}) // want `session cookie "session_id" is sent without Secure`
		return nil
	})
	app.Get("/js", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "jwt", Value: "v", Secure: true, HTTPOnly: false}) // want `session cookie "jwt" sets HttpOnly to false`
		return nil
	})
	app.Get("/disabled", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "auth", Secure: true, HTTPOnly: true, SameSite: "disabled"}) // want `session cookie "auth" disables SameSite`
		return nil
	})
	app.Get("/long", func(c *fiber.Ctx) error {
		ck := new(fiber.Cookie)
		ck.Name = "remember_token"
		ck.Secure = true
		ck.HTTPOnly = true
		ck.Expires = time.Now().Add(24 * time.Hour * 400) // want `session cookie "remember_token" has Expires 400d`
		c.Cookie(ck)
		return nil
	})

	// negatives
	app.Get("/ok", func(c *fiber.Ctx) error {
		// an empty SameSite is sent as Lax by fiber
		c.Cookie(&fiber.Cookie{Name: "session_id", Secure: true, HTTPOnly: true})
		return nil
	})
	app.Get("/none", func(c *fiber.Ctx) error {
		// fasthttp adds Secure itself for SameSite=None
		c.Cookie(&fiber.Cookie{Name: "widget", SameSite: "None"})
		return nil
	})
	app.Get("/cfg", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Secure: secure, HTTPOnly: true})
		return nil
	})
	app.Get("/logout", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Expires: time.Now().Add(-time.Hour)})
		return nil
	})
	app.Get("/mode", func(c *fiber.Ctx) error {
		// "none" here would make fasthttp send Secure: unknown
		c.Cookie(&fiber.Cookie{Name: "widget", SameSite: c.Query("mode")})
		return nil
	})
	app.Get("/read", func(c *fiber.Ctx) error {
		_ = c.Cookies("session_id")
		return nil
	})
	app.Get("/sessiononly", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "session_id", Secure: true, HTTPOnly: true, SessionOnly: true, MaxAge: 86400 * 365})
		return nil
	})
}

var store = session.New() // want `^fiber session cookie "session_id" defaults to Secure false \(session.New\), so it can travel over plain HTTP; set CookieSecure to true$` `fiber session cookie "session_id" defaults to HttpOnly false`

var longStore = session.New(session.Config{
	CookieSecure:   true,
	CookieHTTPOnly: true,
	Expiration:     90 * 24 * time.Hour, // want `fiber session cookie "session_id" has Lifetime 90d`
})

var noneStore = session.New(session.Config{CookieSecure: true, CookieHTTPOnly: true, CookieSameSite: "none"}) // want `fiber session cookie "session_id" uses SameSite=None, so it is sent on cross-site requests`

// negatives
var goodStore = session.New(session.Config{CookieSecure: true, CookieHTTPOnly: true, Expiration: 2 * time.Hour})

var headerStore = session.New(session.Config{KeyLookup: "header:X-Session"})

func configured(secure bool) *session.Store {
	return session.New(session.Config{CookieSecure: secure, CookieHTTPOnly: !secure})
}
