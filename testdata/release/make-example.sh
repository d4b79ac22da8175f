#!/bin/sh
# Build the release guard's bundled example: a git repository shaped like
# the release runbook's monorepo (a web app, an API, a changelog, a
# production compose file, the production settings and nginx), with the
# 0.4.64 release tagged and 0.5.0 prepared the way it really went out:
# half-way.
#
# Usage: testdata/release/make-example.sh DIR
#   then: relguard check v0.5.0 --repo DIR
#
# A nested .git cannot be committed, so the repository is built here from
# testdata/release/runbook (the release as it should have been) plus the
# mistakes of the runbook's preflight checklist.
set -eu

die() { printf 'make-example: %s\n' "$*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: $0 DIR (a directory that does not exist yet, or is empty)"
dir=$1
if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
	die "$dir is not empty; give a new directory such as /tmp/applylens"
fi
command -v git >/dev/null 2>&1 || die "git is not on PATH"
src=$(CDPATH='' cd -- "$(dirname -- "$0")/runbook" && pwd -P)

mkdir -p "$dir"
cd "$dir"
cp -R "$src/." .
rm -f README.md

# Commits get a fixed identity and dates so that the example is the same
# on every machine, whatever the user's git configuration.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="ApplyLens Release" GIT_AUTHOR_EMAIL=release@applylens.example
export GIT_COMMITTER_NAME="ApplyLens Release" GIT_COMMITTER_EMAIL=release@applylens.example
git init -q -b main .

# The production settings the runbook's checklist ticks by eye.
cat >relguard.yaml <<'YAML'
# The runbook's preflight checklist, as relguard's release guard runs it.
env:
  - file: .env.production
    require:
      ALLOW_DEV_ROUTES: "0"
      COOKIE_SECURE: "1"
      COOKIE_SAMESITE: Lax
      LOG_LEVEL: info
      RATE_LIMIT_ENABLED: "1"
YAML

mkdir -p web
cat >web/nginx.conf <<'NGINX'
events {}
http {
  server {
    listen 80;
    root /usr/share/nginx/html;
    add_header X-Frame-Options "DENY" always;
    add_header Content-Security-Policy "default-src 'self'" always;

    location / {
      try_files $uri /index.html;
    }
  }
}
NGINX

write_env() {
	cat >.env.production <<ENV
ALLOW_DEV_ROUTES=$1
COOKIE_SECURE=1
COOKIE_SAMESITE=Lax
LOG_LEVEL=$2
RATE_LIMIT_ENABLED=1
ENV
}

# --- v0.4.64: released correctly.
for f in apps/web/package.json services/api/pyproject.toml docker-compose.prod.yml; do
	sed 's/0\.5\.0/0.4.64/g' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
awk '
	/^## \[0\.5\.0\]/ { skip = 1; next }
	skip && /^## / { skip = 0 }
	skip { next }
	/^\[0\.5\.0\]:/ { print "[0.4.64]: https://example.com/compare/v0.4.63...v0.4.64"; next }
	{ print }
' CHANGELOG.md >CHANGELOG.md.tmp && mv CHANGELOG.md.tmp CHANGELOG.md
write_env 0 info
git add -A
GIT_AUTHOR_DATE="2025-01-20T10:00:00Z" GIT_COMMITTER_DATE="2025-01-20T10:00:00Z" \
	git commit -q -m "Release 0.4.64"
GIT_COMMITTER_DATE="2025-01-20T10:00:00Z" git tag -a -m "v0.4.64" v0.4.64

# --- 0.5.0, prepared by hand: the web app and the changelog are ready;
# the API's pyproject.toml was forgotten, the API image still says latest,
# the dev routes and debug logging are still on, and a new location for
# the API drops the security headers by adding one of its own.
cp "$src/CHANGELOG.md" CHANGELOG.md
cp "$src/apps/web/package.json" apps/web/package.json
sed 's|applylens/api:0\.4\.64|applylens/api:latest|; s|0\.4\.64|0.5.0|g' docker-compose.prod.yml >dc.tmp && mv dc.tmp docker-compose.prod.yml
write_env 1 debug
cat >web/nginx.conf <<'NGINX'
events {}
http {
  server {
    listen 80;
    root /usr/share/nginx/html;
    add_header X-Frame-Options "DENY" always;
    add_header Content-Security-Policy "default-src 'self'" always;

    location / {
      try_files $uri /index.html;
    }

    location /api/ {
      add_header Cache-Control "no-store";
      root /srv/api-docs;
    }
  }
}
NGINX
git add -A
GIT_AUTHOR_DATE="2025-01-27T09:00:00Z" GIT_COMMITTER_DATE="2025-01-27T09:00:00Z" \
	git commit -q -m "Prepare 0.5.0: fix the logout 500"

printf 'built the example repository in %s; try: relguard check v0.5.0 --repo %s\n' "$dir" "$dir" >&2
