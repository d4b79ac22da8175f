// Package google is one of a family of provider packages.
package google

type Session struct{ Token string }
