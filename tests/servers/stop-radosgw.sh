#!/usr/bin/env bash
# Stops the daemons started by start-radosgw.sh, by PID file. Idempotent.
# radosgw gets SIGTERM first. The OSD and mon then get SIGKILL: they hold nothing worth a clean
# shutdown (start-radosgw.sh wipes the state anyway), and with SIGTERM each
# takes ~2 s, sometimes longer when the other goes first. Logs stay in $BASE/log.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
BASE=${RGW_STATE_DIR:-$STATE_ROOT/ceph}
stop_pidfiles 50 rgw:"$BASE/rgw.pid" rgw-sts:"$BASE/rgw-sts.pid"
stop_pidfiles 0 osd:"$BASE/osd.pid" mon:"$BASE/mon.pid"
