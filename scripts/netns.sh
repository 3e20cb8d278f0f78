#!/usr/bin/env bash
# Runs a command inside a private network namespace made for it, so servers and WebRTC peers only
# ever see addresses that exist inside that namespace (never the host's eth0):
#   lo            127.0.0.1
#   veth0         198.18.0.1/24  \ a veth pair, both ends inside the namespace, so browsers that
#   veth1         198.18.0.2/24  / refuse loopback ICE candidates still have a non-loopback address
#   default route via veth0
# Usage: bash scripts/netns.sh <command> [args...]    (exit code is the command's)
# As root this uses `unshare --net`; otherwise `unshare --user --map-root-user --net`.
# It never falls back to the host network: if no namespace can be made, it fails.
set -euo pipefail

die() {
  echo "netns.sh: $*" >&2
  exit 70
}

[[ $# -gt 0 ]] || die "usage: bash scripts/netns.sh <command> [args...]"

# Every interface we expect to see inside the namespace, and nothing else.
check_private() {
  local extra
  extra=$(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -Ev '^(lo|veth0|veth1)$' || true)
  [[ -z "$extra" ]] || die "refusing to run: interfaces outside the private namespace are visible: $(echo $extra)"
}

command -v ip >/dev/null 2>&1 || die "'ip' not found: install iproute2 (bash scripts/setup.sh does)"

if [[ "${P2PV_NETNS:-}" == "1" ]]; then
  # Already inside a namespace made by this script: just run the command.
  check_private
  exec "$@"
fi

if [[ "${__P2PV_NETNS_STAGE:-}" != "inner" ]]; then
  command -v unshare >/dev/null 2>&1 || die "'unshare' not found (util-linux)"
  if [[ $(id -u) -eq 0 ]]; then
    ns_args=(--net --fork --kill-child)
  else
    ns_args=(--user --map-root-user --net --fork --kill-child)
  fi
  # A failing probe gives a clear message instead of a half-started command.
  if ! err=$(unshare "${ns_args[@]}" true 2>&1); then
    die "cannot create a private network namespace (unshare ${ns_args[*]}): ${err:-unknown error}." \
      "Run as root, or allow unprivileged user namespaces (kernel.unprivileged_userns_clone=1)."
  fi
  __P2PV_NETNS_STAGE=inner exec unshare "${ns_args[@]}" -- bash "${BASH_SOURCE[0]}" "$@"
fi

# Inner stage: we are the first process in the new namespace.
unset __P2PV_NETNS_STAGE
ip link set lo up || die "cannot bring up lo"
ip link add veth0 type veth peer name veth1 || die "cannot create veth pair"
ip addr add 198.18.0.1/24 dev veth0
ip addr add 198.18.0.2/24 dev veth1
ip link set veth0 up
ip link set veth1 up
ip route add default via 198.18.0.2 dev veth0 2>/dev/null || ip route add default dev veth0 ||
  die "cannot add a default route"
check_private

export P2PV_NETNS=1
exec "$@"
