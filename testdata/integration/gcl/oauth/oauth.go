// Package oauth talks to the identity provider.
package oauth

// Token is an OAuth access token.
type Token struct{ Access string }
