// Package models holds the API's request and response shapes.
package models

// Session is what the API returns about the current login.
type Session struct {
	UserID   int64  `json:"user_id"`
	LoggedIn bool   `json:"logged_in"`
	Email    string `json:"email,omitempty"`
}
