// Package gitlab is one of a family of provider packages.
package gitlab

type Session struct{ Token string }
