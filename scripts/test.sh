#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds, type-checks, lints,
# runs the unit tests, builds the API reference (TypeDoc into docs/api, warnings as errors), then
# the integration tests against real redis-server processes (one standalone server and one
# six-node cluster, started and stopped by the test harness), and last
# the unit tests under Node.js 22 and 24, and an integration subset under 22 (scripts/lib/other-nodes.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh
source scripts/lib/other-nodes.sh

redwire_ensure_node
redwire_ensure_pnpm
redwire_ensure_redis
redwire_ensure_chromium
redwire_install_dependencies

pnpm exec turbo run build typecheck typecheck:tests lint test test:repo docs:api --output-logs=errors-only
pnpm exec turbo run test:integration --output-logs=full
# The same unit tests, and an integration subset, under the other maintained Node.js releases.
redwire_test_other_nodes
