package strictalias

import "example.com/x/net/context"

func legacy(ctx context.Context) context.CancelFunc { _ = context.Background(); return nil }
