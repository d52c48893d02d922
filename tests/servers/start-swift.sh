#!/usr/bin/env bash
# OpenStack Swift (Debian package) with the s3api middleware on 127.0.0.1 for the integration tests:
# one node, 1 replica, tempauth, memcached on its own port; everything but /etc/swift/swift.conf
# (hash prefix/suffix + storage policy 0, created if absent) lives under its state directory.
# S3 access key = "<account>:<user>" (tempauth; contains a colon), secret = the tempauth key.
# - Installs the Debian packages if a command is missing (needs root; apt-get update only if needed).
# - Idempotent: returns at once if all processes are alive and the proxy answers a signed
#   ListBuckets; otherwise stops leftovers, wipes its state directory and starts from scratch.
# - Prints timings; on failure exits non-zero and prints the tail of the relevant logs.
# Stop with stop-swift.sh. Env overrides: S3_TEST_STATE or SWIFT_STATE_DIR, SWIFT_PROXY_PORT, SWIFT_OBJ_PORT, SWIFT_CONT_PORT,
# SWIFT_ACC_PORT, SWIFT_MEMCACHED_PORT, SWIFT_ACCOUNT, SWIFT_USER, SWIFT_SECRET_KEY.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BASE=${SWIFT_STATE_DIR:-$STATE_ROOT/swift}
PROXY_PORT=${SWIFT_PROXY_PORT:-16080}
OBJ_PORT=${SWIFT_OBJ_PORT:-16010}; CONT_PORT=${SWIFT_CONT_PORT:-16011}; ACC_PORT=${SWIFT_ACC_PORT:-16012}
MEMCACHED_PORT=${SWIFT_MEMCACHED_PORT:-16211}
ACCOUNT=${SWIFT_ACCOUNT:-test}; USER_=${SWIFT_USER:-tester}
SECRET=${SWIFT_SECRET_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
AK="$ACCOUNT:$USER_"
EP=http://127.0.0.1:$PROXY_PORT
PROCS=(memcached account container object proxy)
LOGS=("$BASE/log/memcached.log" "$BASE/log/account.log" "$BASE/log/container.log" "$BASE/log/object.log" "$BASE/log/proxy.log")

ensure_packages "${SWIFT_PACKAGES[@]}"

s3_ok() {  # SigV4 ListBuckets via curl; netrc because the access key contains ':'
  curl -sf -o /dev/null --max-time 3 --netrc-file "$BASE/netrc" --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$EP/"
}
all_alive() { local p; for p in "${PROCS[@]}"; do pid_alive "$BASE/$p.pid" || return 1; done; }
if all_alive && s3_ok; then log "swift already running at $EP"; exit 0; fi

SWIFT_STATE_DIR=$BASE "$SERVERS_DIR/stop-swift.sh" >/dev/null 2>&1 || true
# on any failure from here on, do not leave half-started processes behind (logs stay in $BASE/log)
trap 'rc=$?; if ((rc)); then SWIFT_STATE_DIR=$BASE "$SERVERS_DIR/stop-swift.sh" >/dev/null 2>&1; fi; exit $rc' EXIT
require_free_ports "$PROXY_PORT" "$ACC_PORT" "$CONT_PORT" "$OBJ_PORT" "$MEMCACHED_PORT"
wipe_state_dir "$BASE" etc/proxy-server.conf; mkdir -p "$BASE"/{etc,srv/node/d1,log}
printf 'machine 127.0.0.1\nlogin %s\npassword %s\n' "$AK" "$SECRET" >"$BASE/netrc"
chmod 600 "$BASE/netrc"

# memcached: the proxy's cache middleware (token/account/container info) points at it
mc_user=(); [[ $EUID -eq 0 ]] && mc_user=(-u root)   # memcached refuses to run as root without -u
setsid memcached -l 127.0.0.1 -p "$MEMCACHED_PORT" -U 0 -m 64 -c 1024 "${mc_user[@]}" \
  >"$BASE/log/memcached.log" 2>&1 & echo $! >"$BASE/memcached.pid"

# Swift reads hash prefix/suffix and storage policies from /etc/swift/swift.conf only.
if [[ ! -s /etc/swift/swift.conf ]]; then
  [[ -w /etc || -w /etc/swift ]] || die "/etc/swift/swift.conf is missing and cannot be created by $(id -un)"
  mkdir -p /etc/swift
  printf '[swift-hash]\nswift_hash_path_suffix = %s\nswift_hash_path_prefix = %s\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n' \
    "$(cat /proc/sys/kernel/random/uuid)" "$(cat /proc/sys/kernel/random/uuid)" >/etc/swift/swift.conf
  log "created /etc/swift/swift.conf"
fi

common() {  # $1 = port
cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = 0
user = $(id -un)
swift_dir = $BASE/etc
devices = $BASE/srv/node
mount_check = false
log_udp_host = 127.0.0.1
log_udp_port = 16514
log_level = WARNING
EOF
}
{ common "$ACC_PORT";  printf '[pipeline:main]\npipeline = account-server\n[app:account-server]\nuse = egg:swift#account\n'; } >"$BASE/etc/account-server.conf"
{ common "$CONT_PORT"; printf '[pipeline:main]\npipeline = container-server\n[app:container-server]\nuse = egg:swift#container\n'; } >"$BASE/etc/container-server.conf"
{ common "$OBJ_PORT";  printf '[pipeline:main]\npipeline = object-server\n[app:object-server]\nuse = egg:swift#object\n'; } >"$BASE/etc/object-server.conf"
{ common "$PROXY_PORT"; cat <<EOF
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
storage_domain = localhost
s3_acl = false
[filter:tempauth]
use = egg:swift#tempauth
user_${ACCOUNT}_${USER_} = $SECRET .admin
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MEMCACHED_PORT
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
EOF
} >"$BASE/etc/proxy-server.conf"

# Every Swift process imports eventlet; its green DNS resolver (dnspython) costs ~0.3 s of CPU per
# process at start-up and is useless here (everything is addressed by IP).
export EVENTLET_NO_GREENDNS=yes
# -v: also log to stderr (captured in $BASE/log), not only to syslog
start_server() { setsid "swift-$1-server" "$BASE/etc/$1-server.conf" -v >"$BASE/log/$1.log" 2>&1 & echo $! >"$BASE/$1.pid"; }
# The storage servers do not read the rings, so they start (Python imports, ~1 s of CPU each)
# while the rings are built; only the proxy needs the rings.
for s in account container object; do start_server $s; done
log "storage servers starting; building rings"
# one python process instead of 9 swift-ring-builder runs (~0.3 s vs ~5 s)
/usr/bin/python3 - "$BASE/etc" "$ACC_PORT" "$CONT_PORT" "$OBJ_PORT" >"$BASE/log/rings.log" 2>&1 <<'PY' || die "building rings failed" "$BASE/log/rings.log"
import sys
from swift.common.ring import RingBuilder
d, ports = sys.argv[1], dict(zip(('account', 'container', 'object'), map(int, sys.argv[2:5])))
for name, port in ports.items():
    b = RingBuilder(8, 1, 1)   # part_power 8, 1 replica, min_part_hours 1
    b.add_dev({'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port, 'device': 'd1', 'weight': 100})
    b.rebalance()
    b.get_ring().save(f'{d}/{name}.ring.gz')
PY
log "rings built; starting proxy"
start_server proxy
WATCH_PIDFILES=("$BASE"/{memcached,account,container,object,proxy}.pid)   # a crash ends the waits early
wait_until 300 curl -sf -o /dev/null --max-time 1 "$EP/healthcheck" \
  || die "swift proxy healthcheck did not answer within 60 s" "${LOGS[@]}"
log "proxy healthcheck ok"
wait_until 150 s3_ok || die "swift s3api does not accept a signed ListBuckets with the test key" "${LOGS[@]}"
all_alive || die "a swift process exited" "${LOGS[@]}"
log "ready: $EP  access key $AK"
