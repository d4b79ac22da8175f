package handlers

import (
	"example.com/gcl/auth"
	"example.com/gcl/oauth"
)

// Exchange swaps a provider token for an API token.
func Exchange(t oauth.Token) auth.Token { return auth.Token{Value: t.Access} }
