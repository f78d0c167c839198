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

# Node with tsx's loader, not the tsx command: on Ctrl-C that command SIGKILLs a process that
# does not acknowledge the signal within 30 ms, which a demo busy seeding cannot, and the
# cluster's servers would be left running.
cd apps/cluster-demo
exec node --import tsx src/demo.ts "$@"
