#!/usr/bin/env bash
# Runs the whole test suite on another Node major (users run 22 and 24): that Node's binary comes
# from the npm registry (node-<platform>-<arch>@MAJOR, which also ships the headers node-gyp
# needs, so better-sqlite3 compiles without a download), in a clean clone of this checkout with
# its own node_modules. Usage: scripts/test-on-node.sh 22
set -euo pipefail
major=${1:?usage: scripts/test-on-node.sh MAJOR (e.g. 22)}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# Readable by all, like a checkout: some tests run the CLI as another user (nobody).
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

package="node-$(node -p 'process.platform + "-" + process.arch')@$major"
npm install --prefix "$work/node" --no-save --no-audit --no-fund --loglevel=error "$package" >/dev/null
nodedir=$(cd "$work/node/node_modules/node-"*/ && pwd)
git clone -q "$repo" "$work/soloops"
# The corpus tests read ../shared beside the checkout, as in the workspace.
if [ -e "$repo/../shared" ]; then ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"; fi

cd "$work/soloops"
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
echo "test-on-node: Node $(node --version) in $work/soloops" >&2
npm ci --no-audit --no-fund --loglevel=error
npm test
