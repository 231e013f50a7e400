#!/usr/bin/env bash
# Installs a real n8n into a cache outside the repository, once per version, and prints its bin
# path. Usage: scripts/install-n8n.sh [VERSION] (default $N8N_VERSION, else 2.x): 2.x and 1.x are
# the two versions tested (README "Compatibility"), pinned here; any other n8n version works too.
# n8n's full scripted install fails offline (a Kafka client downloads zlib), so: --ignore-scripts,
# then rebuild the one native module n8n needs to start (sqlite3). On 1.x, n8n-nodes-base pins xlsx
# to a tarball on SheetJS's own CDN, outside the npm registry: an override takes the registry's
# xlsx 0.18.5 instead. Needs Node >= 22 on PATH (source scripts/use-node24.sh first).
set -euo pipefail

N8N_VERSION="${1:-${N8N_VERSION:-2.x}}"
case "$N8N_VERSION" in
	2.x) N8N_VERSION=2.40.7 ;;   # the newest 2.x whose dependencies install from the registry here
	1.x) N8N_VERSION=1.123.81 ;; # the last 1.x, its newest patch
esac
WEBEX_AUDIT_CACHE="${WEBEX_AUDIT_CACHE:-$HOME/.cache/n8n-nodes-webex-audit}"
prefix="$WEBEX_AUDIT_CACHE/n8n-$N8N_VERSION"
bin="$prefix/node_modules/.bin/n8n"

ready() { [ -f "$prefix/.installed" ] && [ -x "$bin" ]; }
if ready; then
	echo "$bin"
	exit 0
fi

mkdir -p "$WEBEX_AUDIT_CACHE"
# One install per version at a time: a second first run (npm run dev beside a test) waits for the
# first, at most 15 minutes. flock releases the lock when its holder exits, however it ends.
if command -v flock >/dev/null; then
	exec 9>"$prefix.lock"
	if ! flock -n 9; then
		echo "[install-n8n] waiting for another install of n8n@$N8N_VERSION to finish" >&2
		if ! flock -w 900 9; then
			echo "[install-n8n] gave up after 15 minutes waiting for $prefix.lock" >&2
			exit 1
		fi
	fi
	if ready; then
		echo "$bin"
		exit 0
	fi
fi
# Installed into a temporary folder and renamed into place when complete, so that $prefix is a
# whole install or absent (an interrupted install leaves only its staging folder, removed on exit).
staging="$(mktemp -d "$prefix.staging.XXXXXX")"
chmod 755 "$staging"
trap 'rm -rf "$staging"' EXIT
overrides='{}'
case "$N8N_VERSION" in 1.*) overrides='{ "xlsx": "0.18.5" }' ;; esac
printf '{ "private": true, "dependencies": { "n8n": "%s" }, "overrides": %s }\n' \
	"$N8N_VERSION" "$overrides" >"$staging/package.json"
started=$SECONDS
echo "[install-n8n] 1/2 installing n8n@$N8N_VERSION into $prefix (2 to 5 minutes, once)" >&2
(cd "$staging" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
echo "[install-n8n] 2/2 building sqlite3 for Node $(node --version) (about a minute)" >&2
(cd "$staging" && npm rebuild sqlite3 --loglevel=error >&2)
touch "$staging/.installed"
# A partial install in $prefix itself (made by this script before it staged): replaced.
if [ -e "$prefix" ] && ! ready; then rm -rf "$prefix"; fi
if [ -e "$prefix" ]; then
	echo "[install-n8n] another install finished first: using it" >&2
else
	mv "$staging" "$prefix"
fi
echo "[install-n8n] done in $((SECONDS - started)) s" >&2
echo "$bin"
