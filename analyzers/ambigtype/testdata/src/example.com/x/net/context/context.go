// Package context re-exports the standard context types through aliases,
// the way golang.org/x/net/context does.
package context

import "context"

type Context = context.Context

type CancelFunc = context.CancelFunc

func Background() Context { return context.Background() }
