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

if [ -f "$prefix/.installed" ] && [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$prefix"
overrides='{}'
case "$N8N_VERSION" in 1.*) overrides='{ "xlsx": "0.18.5" }' ;; esac
cat >"$prefix/package.json" <<EOF
{ "private": true, "dependencies": { "n8n": "$N8N_VERSION" }, "overrides": $overrides }
EOF
started=$SECONDS
echo "[install-n8n] 1/2 installing n8n@$N8N_VERSION into $prefix (2 to 5 minutes, once)" >&2
(cd "$prefix" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
echo "[install-n8n] 2/2 building sqlite3 for Node $(node --version) (about a minute)" >&2
(cd "$prefix" && npm rebuild sqlite3 --loglevel=error >&2)
touch "$prefix/.installed"
echo "[install-n8n] done in $((SECONDS - started)) s" >&2
echo "$bin"
