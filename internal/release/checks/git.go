package checks

import "github.com/relguard/relguard/internal/release/guard"

// Placeholders, replaced by the git checks' implementation.
func gitShallow(*guard.Context) []guard.Result         { return nil }
func gitDirty(*guard.Context) []guard.Result           { return nil }
func gitBranch(*guard.Context) []guard.Result          { return nil }
func tagExistsElsewhere(*guard.Context) []guard.Result { return nil }
func tagAnnotated(*guard.Context) []guard.Result       { return nil }
func versionNewer(*guard.Context) []guard.Result       { return nil }
