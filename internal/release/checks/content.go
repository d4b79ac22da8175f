package checks

import "github.com/relguard/relguard/internal/release/guard"

// Placeholders, replaced by the content checks' implementation.
func versionFiles(*guard.Context) []guard.Result   { return nil }
func changelogEntry(*guard.Context) []guard.Result { return nil }
func imageTags(*guard.Context) []guard.Result      { return nil }
func imageLatest(*guard.Context) []guard.Result    { return nil }
func envRequire(*guard.Context) []guard.Result     { return nil }
func nginxHeaders(*guard.Context) []guard.Result   { return nil }
