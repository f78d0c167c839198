# Sourced by scripts/test.sh and scripts/demo.sh. Makes sure this machine has what redwire's
# commands need (Node.js 20+, pnpm 10, redis-server and redis-cli 7+, and for the tests Chromium),
# installing what it may, or stops with one sentence saying what is missing.

# pnpm 10 is the newest major that runs on Node.js 20 (pnpm 11 needs Node 22); corepack is not
# used because its signature check fails against some registries.
REDWIRE_PNPM_VERSION=10.34.9

redwire_fail() {
  echo "redwire: $*" >&2
  exit 1
}

redwire_ensure_node() {
  command -v node >/dev/null 2>&1 || redwire_fail "Node.js 20 or newer is needed and 'node' is not on PATH."
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
  case "$major" in
    '' | *[!0-9]*) redwire_fail "Node.js 20 or newer is needed and 'node' did not report its version." ;;
  esac
  [ "$major" -ge 20 ] || redwire_fail "Node.js 20 or newer is needed; this is $(node -v)."
}

redwire_ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm -v 2>/dev/null | cut -d. -f1)" = "10" ]; then
    return
  fi
  echo "redwire: installing pnpm@$REDWIRE_PNPM_VERSION with npm..." >&2
  if npm install --global --silent "pnpm@$REDWIRE_PNPM_VERSION" >/dev/null 2>&1 && command -v pnpm >/dev/null 2>&1 \
    && [ "$(pnpm -v 2>/dev/null | cut -d. -f1)" = "10" ]; then
    return
  fi
  # No permission for a global install: run pnpm through npx instead.
  command -v npx >/dev/null 2>&1 || redwire_fail "pnpm 10 is needed and neither 'npm install -g' nor npx could provide it."
  pnpm() { npx --yes "pnpm@$REDWIRE_PNPM_VERSION" "$@"; }
  pnpm -v >/dev/null 2>&1 || redwire_fail "pnpm 10 is needed and could not be installed with npm (is the npm registry reachable?)."
}

redwire_ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "redwire: installing Debian's redis-server package..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null 2>&1 \
        || redwire_fail "redis-server is missing and 'apt-get install redis-server' failed."
    else
      redwire_fail "redis-server and redis-cli (Redis 7 or newer) must be on PATH: install your system's redis-server package, or run this as root on Debian/Ubuntu to have it installed."
    fi
  fi
  local version
  version=$(redis-server --version | sed -n 's/.*v=\([0-9]*\)\..*/\1/p')
  [ "${version:-0}" -ge 7 ] || redwire_fail "Redis 7 or newer is needed (CLUSTER SHARDS, RESP3); this redis-server is $(redis-server --version | cut -d' ' -f3)."
}

# The cluster demo's dashboard test drives Debian's chromium through playwright-core, which never
# downloads a browser of its own. Without one that test fails and says why; the rest still runs.
redwire_ensure_chromium() {
  local chromium="${REDWIRE_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return
  if [ -z "${REDWIRE_CHROMIUM:-}" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "redwire: installing Debian's chromium package for the dashboard's browser test..." >&2
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; then
      return
    fi
  fi
  echo "redwire: no Chromium at $chromium, so the demo dashboard's browser test will fail: install your system's chromium package (or run this as root on Debian), or set REDWIRE_CHROMIUM to a Chromium executable." >&2
}

redwire_install_dependencies() {
  # A clean checkout installs exactly what the lockfile says.
  pnpm install --frozen-lockfile --reporter=silent || redwire_fail "'pnpm install' failed; see the messages above."
}
