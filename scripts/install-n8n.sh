#!/usr/bin/env bash
# Installs the pinned real n8n into a cache outside the repository, once, and prints its bin path.
# n8n's full scripted install fails offline (a Kafka client downloads zlib), so: --ignore-scripts,
# then rebuild the one native module n8n needs to start (sqlite3). Needs Node >= 22 on PATH
# (source scripts/use-node24.sh first).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"   # the newest n8n whose dependencies install from the registry here
WEBEX_AUDIT_CACHE="${WEBEX_AUDIT_CACHE:-$HOME/.cache/n8n-nodes-webex-audit}"
prefix="$WEBEX_AUDIT_CACHE/n8n-$N8N_VERSION"
bin="$prefix/node_modules/.bin/n8n"

if [ -f "$prefix/.installed" ] && [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$prefix"
echo "[install-n8n] 1/2 installing n8n@$N8N_VERSION into $prefix (about 5 minutes, once)" >&2
npm install --prefix "$prefix" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2
echo "[install-n8n] 2/2 building sqlite3 for Node $(node --version) (about a minute)" >&2
(cd "$prefix" && npm rebuild sqlite3 --loglevel=error >&2)
touch "$prefix/.installed"
echo "[install-n8n] done" >&2
echo "$bin"
