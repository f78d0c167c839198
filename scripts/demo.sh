#!/usr/bin/env bash
# Starts a local six-node Redis Cluster (three primaries, three replicas) on free loopback
# ports, prints its state, and keeps it running until Ctrl-C, when every server is stopped.
# The cache-aside demo app will run on top of it once it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh

redwire_ensure_node
redwire_ensure_pnpm
redwire_ensure_redis
redwire_install_dependencies

exec pnpm --filter @redwire/test-harness exec tsx src/cli.ts cluster "$@"
