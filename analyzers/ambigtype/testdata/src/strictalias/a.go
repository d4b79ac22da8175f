// Package strictalias is checked with -strict: the same import name bound
// to golang.org/x/net/context (shaped) and context is no drift, because the
// former's types are aliases of the latter's.
package strictalias

import "context"

func run(ctx context.Context) { _ = ctx }
