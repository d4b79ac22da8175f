// Package accounts has its own Session and User.
package accounts

type Session struct{}

type User struct{}

type internal struct{}
