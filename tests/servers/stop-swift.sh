#!/usr/bin/env bash
# Stops the processes started by start-swift.sh, by PID file (proxy -> storage servers -> memcached).
# Idempotent. Logs stay in $BASE/log. Packages stay installed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
BASE=${SWIFT_STATE_DIR:-$STATE_ROOT/swift}
stop_pidfiles 50 proxy:"$BASE/proxy.pid" object:"$BASE/object.pid" container:"$BASE/container.pid" \
  account:"$BASE/account.pid" memcached:"$BASE/memcached.pid"
