// Package auth declares its own Session next to imported ones.
package auth

type Session struct{ User string }
