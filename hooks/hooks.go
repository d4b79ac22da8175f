// Package hooks holds relguard's git hook scripts. They are small POSIX sh
// scripts that hand over to "relguard hooks pre-commit" and "relguard hooks
// pre-push"; "relguard hooks install" writes them into the repository's hooks
// directory with the path of the relguard binary filled in.
package hooks

import _ "embed"

// PreCommit is the pre-commit hook script.
//
//go:embed pre-commit
var PreCommit string

// PrePush is the pre-push hook script.
//
//go:embed pre-push
var PrePush string

// Marker is the text on the second line of every hook relguard writes; a hook
// without it belongs to someone else and is never overwritten.
const Marker = "# relguard-managed hook"
