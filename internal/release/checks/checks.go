// Package checks holds the release guard's checks. Each one judges facts
// that the format packages parsed; the list below is the single place that
// fixes their IDs and order.
package checks

import "github.com/relguard/relguard/internal/release/guard"

// All returns every check in checklist order.
func All() []guard.Check {
	return []guard.Check{
		{ID: "git.shallow", Title: "the clone has full history and tags", Run: gitShallow},
		{ID: "git.dirty", Title: "no modified or staged tracked files", Run: gitDirty},
		{ID: "git.branch", Title: "HEAD is on a release branch", Run: gitBranch},
		{ID: "tag.exists-elsewhere", Title: "the tag is new or already points at HEAD", Run: tagExistsElsewhere},
		{ID: "tag.annotated", Title: "the tag is annotated", Run: tagAnnotated},
		{ID: "version.newer", Title: "the version is newer than the last release", Run: versionNewer},
		{ID: "version.files", Title: "every version file holds the version", Run: versionFiles},
		{ID: "changelog.entry", Title: "the changelog has a section for the version", Run: changelogEntry},
		{ID: "image.tags", Title: "the project's own images are tagged with the version", Run: imageTags},
		{ID: "image.latest", Title: "third-party images are pinned", Run: imageLatest},
		{ID: "env.require", Title: "production settings hold the required values", Run: envRequire},
		{ID: "nginx.headers", Title: "nginx sends the security headers everywhere", Run: nginxHeaders},
	}
}
