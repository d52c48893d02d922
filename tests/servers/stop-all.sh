#!/usr/bin/env bash
# Stops both S3 test servers (in parallel) and removes tests/servers/.env, so a later test run does
# not point at servers that are gone. Idempotent; packages stay installed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ENV_FILE=${ENV_FILE:-$SERVERS_DIR/.env}
"$SERVERS_DIR/stop-radosgw.sh" | sed 's/^/[rgw]   /' &
"$SERVERS_DIR/stop-swift.sh" | sed 's/^/[swift] /' &
wait
rm -f "$ENV_FILE"
log "stopped"
