#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine: system tools the tests need, then the exact
# npm dependency tree from package-lock.json. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "[setup] $*"; }

# command -> Debian package
declare -A NEEDED=(
  [ffmpeg]=ffmpeg
  [chromium]=chromium
  [firefox-esr]=firefox-esr
  [ip]=iproute2
  [unshare]=util-linux
)
missing=()
for cmd in "${!NEEDED[@]}"; do
  if command -v "$cmd" >/dev/null 2>&1; then
    log "found $cmd ($(command -v "$cmd"))"
  else
    missing+=("${NEEDED[$cmd]}")
  fi
done

# Chromium's other UI languages (the German UI test): Debian ships them apart from the browser.
[[ -e /usr/lib/chromium/locales/de.pak ]] || missing+=(chromium-l10n)

if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "[setup] need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  log "installing with apt-get: ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
else
  log "system packages: nothing to install"
fi

command -v node >/dev/null 2>&1 || { echo "[setup] node is not installed (need node 20)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [[ $node_major -lt 20 ]]; then
  echo "[setup] node $(node -v) is too old: need node 20 or newer" >&2
  exit 1
fi

log "npm ci (node $(node -v), npm $(npm -v 2>/dev/null))"
CI=true npm ci --no-audit --no-fund
log "checking native modules"
node -e "import('node-datachannel').then((m) => console.log('[setup] node-datachannel ok (' + Object.keys(m).length + ' exports)'))"
log "done"
