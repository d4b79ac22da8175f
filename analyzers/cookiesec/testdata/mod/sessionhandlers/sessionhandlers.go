// Package sessionhandlers writes session options without importing
// gorilla/sessions or net/http itself: the writes are still checked.
package sessionhandlers

import "example.com/app/sessionwrap"

func rememberMe(ctx *sessionwrap.Context) {
	sess := ctx.Session()
	sess.Options.MaxAge = 60 * 60 * 24 * 365 // want `^session cookie saved through sess has MaxAge 365d, longer than the 30d allowed for session cookies; shorten it or raise -max-age$`
	ctx.Save(sess)
}

func shortLived(ctx *sessionwrap.Context) {
	sess := ctx.Session()
	sess.Options.MaxAge = 5 * 60
	ctx.Save(sess)
}
