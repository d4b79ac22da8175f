package checks

import (
	"fmt"

	"github.com/relguard/relguard/internal/release/guard"
	"github.com/relguard/relguard/internal/release/versionfile"
)

// This file exposes what the checks read, so that a command that writes a
// release (relguard bump) writes exactly the fields the checks judge. It
// only forwards to the discovery the checks use; it decides nothing itself.

// VersionFile is one file version.files reads.
type VersionFile struct {
	Path string
	// Key and Regex are the configured field, empty for the format's own.
	Key, Regex string
	// Configured: named in version_files, so a missing version fails
	// rather than being skipped.
	Configured bool
}

// VersionFiles lists the files version.files reads, in its order.
func VersionFiles(ctx *guard.Context) ([]VersionFile, error) {
	targets, err := versionTargets(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]VersionFile, len(targets))
	for i, t := range targets {
		out[i] = VersionFile{Path: t.path, Key: t.key, Regex: t.regex, Configured: t.configured}
	}
	return out, nil
}

// CargoWorkspaceVersion finds the workspace Cargo.toml whose
// [workspace.package] version a crate inherits, as version.files does;
// root is empty when there is none.
func CargoWorkspaceVersion(ctx *guard.Context, crate string) (root string, v versionfile.Value, err error) {
	root, v, fails := cargoWorkspaceVersion(ctx, crate)
	if len(fails) > 0 {
		return "", v, fmt.Errorf("%s", fails[0].Message)
	}
	return root, v, nil
}

// ChangelogFile is the changelog changelog.entry reads.
func ChangelogFile(ctx *guard.Context) string { return changelogFile(ctx) }

// OwnImage is an own image reference image.tags judges.
type OwnImage struct {
	File string
	Line int
	// Ref is the reference as written, or repository:tag assembled from
	// Helm values' keys (Line is then the tag's line).
	Ref string
	// FromChartAppVersion: a Helm image with an empty tag, which the
	// chart fills from appVersion.
	FromChartAppVersion bool
}

// OwnImages lists the own image references image.tags judges; fails are
// the files it cannot read or parse, as image.tags reports them.
func OwnImages(ctx *guard.Context) ([]OwnImage, []guard.Result) {
	sc := scanImages(ctx, "image.tags")
	var out []OwnImage
	for _, u := range sc.uses {
		if u.own {
			out = append(out, OwnImage{File: u.file, Line: u.line, Ref: u.raw, FromChartAppVersion: u.fromHelmAppVersion})
		}
	}
	return out, sc.fails
}
