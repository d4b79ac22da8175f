// Package models holds the API's data types.
package models

// Session is the session shown to the user.
type Session struct{ UserID string }
