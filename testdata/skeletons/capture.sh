#!/usr/bin/env bash
# Re-captures every skeleton from clones of the real projects.
#
# MIRRORS holds one clone (or bare mirror) per project, named owner+name
# with the repository in owner+name/repo: MIRRORS=/work/.mirror by default.
# Each line below: directory, GitHub project, tag, branch, layout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mirrors=${MIRRORS:-/work/.mirror}
while IFS='|' read -r dir project tag branch layout; do
	[[ -z $dir || $dir == \#* ]] && continue
	echo "capturing $project $tag" >&2
	(cd "$root" && go run ./internal/release/skeleton/mkskeleton \
		-git "$mirrors/${project/\//+}/repo" -project "$project" -tag "$tag" -branch "$branch" \
		-layout "$layout" -out "testdata/skeletons/$dir/$tag")
done <<'LIST'
flask|pallets/flask|3.0.1|main|Python package, static [project] version; tags without v; reStructuredText changelog
flask|pallets/flask|2.2.5|2.2.x|Python package, setup.cfg attr: version; maintenance release on an older line
httpx|encode/httpx|0.27.0|master|Python package, dynamic version ([tool.hatch.version] path); tags without v
httpx|encode/httpx|0.28.0|master|Python package, dynamic version ([tool.hatch.version] path); tags without v
ripgrep|BurntSushi/ripgrep|14.1.0|master|Rust workspace whose member crates have their own versions; tags without v; component tags
ripgrep|BurntSushi/ripgrep|14.1.1|master|Rust workspace whose member crates have their own versions; tags without v; component tags
traefik-helm-chart|traefik/traefik-helm-chart|v26.0.0|master|Helm chart repository: the release is the chart version, appVersion has its own scheme
traefik-helm-chart|traefik/traefik-helm-chart|v27.0.0|master|Helm chart repository: the release is the chart version, appVersion has its own scheme
prometheus|prometheus/prometheus|v2.50.0|main|Go service with a VERSION file; web UI packages on their own 0.MINOR scheme; anchored on a release candidate
prometheus|prometheus/prometheus|v2.45.3|release-2.45|Go service, LTS maintenance release on an older line
packer|hashicorp/packer|v1.10.1|main|Go service with a version constant (version/version.go) and version/VERSION
packer|hashicorp/packer|v1.10.2|main|Go service with a version constant (version/version.go) and version/VERSION
memos|usememos/memos|v0.22.0|main|Go service with a version constant (server/version/version.go); compose files
memos|usememos/memos|v0.24.0|main|Go service with a version constant (server/version/version.go); compose files
etcd|etcd-io/etcd|v3.5.12|release-3.5|Go version constant; release branch; Go submodule tags (server/v3.5.12)
etcd|etcd-io/etcd|v3.4.29|release-3.4|Go version constant; maintenance release on an older line
sentry-self-hosted|getsentry/self-hosted|24.2.0|master|compose-based self-hosted app: image tags in the .env beside docker-compose.yml; tags without v
sentry-self-hosted|getsentry/self-hosted|24.3.0|master|compose-based self-hosted app: image tags in the .env beside docker-compose.yml; tags without v
vue|vuejs/core|v3.4.21|main|Node pnpm workspace monorepo, packages in lockstep
vue|vuejs/core|v3.3.13|main|Node pnpm workspace monorepo, packages in lockstep
lerna|lerna/lerna|v8.0.2|main|Node monorepo with lerna.json (fixed mode) and per-package changelogs
lerna|lerna/lerna|v8.1.0|main|Node monorepo with lerna.json (fixed mode) and per-package changelogs
fastapi|fastapi/fastapi|0.110.0|master|Python package, dynamic version ([tool.hatch.version] path); tags without v; no changelog
fastapi|fastapi/fastapi|0.115.0|master|Python package, dynamic version ([tool.pdm.version] path); tags without v; no changelog
pydantic|pydantic/pydantic|v2.6.1|main|Python package, dynamic version (hatch path to VERSION = ...); component tags (core-v…)
pydantic|pydantic/pydantic|v1.10.15|1.10.X-fixes|Python package, setup.py reading pydantic/version.py; maintenance release on an older line
attrs|python-attrs/attrs|23.2.0|main|Python package whose version comes from the git tag (hatch-vcs); tags without v
attrs|python-attrs/attrs|24.1.0|main|Python package whose version comes from the git tag (hatch-vcs); tags without v
zellij|zellij-org/zellij|v0.40.0|main|Rust workspace, member crates in lockstep, plugins with their own versions
zellij|zellij-org/zellij|v0.40.1|main|Rust workspace, member crates in lockstep, plugins with their own versions
LIST
