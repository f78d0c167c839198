#!/usr/bin/env bash
# Starts a local six-node Redis Cluster (three primaries, three replicas) on free loopback
# ports and prints its state, then the cache-aside demo service (apps/cluster-demo) on it, and
# prints its URL. Ctrl-C drains and closes the service, then stops every server it started.
# `--once` starts both, checks one product read through the cache, stops everything and exits.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh

redwire_ensure_node
redwire_ensure_pnpm
redwire_ensure_redis
redwire_install_dependencies

exec pnpm --filter @redwire/cluster-demo exec tsx src/demo.ts "$@"
