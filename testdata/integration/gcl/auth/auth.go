// Package auth issues API tokens.
package auth

// Token is an API token.
type Token struct{ Value string }
