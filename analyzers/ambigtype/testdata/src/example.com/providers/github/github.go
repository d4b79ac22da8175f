// Package github is one of a family of provider packages.
package github

type Session struct{ Token string }
