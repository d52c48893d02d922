#!/usr/bin/env bash
# Ceph RADOS Gateway (S3) on 127.0.0.1 for the integration tests: a throw-away single-host cluster
# (1 mon, 1 bluestore OSD on a sparse file, no mgr, cephx off) plus radosgw with the beast frontend, on HTTP and on
# HTTPS (a private test CA made at start by make-test-ca.sh: $BASE/../tls/ca.crt), virtual-host
# buckets under s3.test (BUCKET.s3.test; localhost and IP addresses stay path-style) and STS
# on a second gateway of the same cluster (AssumeRole of role S3Access, set up by rgw-sts-setup.sh;
# sessions may be as short as 60 s).
# - Installs the Debian packages if a command is missing (needs root; apt-get update only if needed).
# - Idempotent: if mon/osd/rgw from a previous run are alive and a signed ListBuckets with the test
#   key succeeds, exits at once. Otherwise stops leftovers, wipes its state directory, builds a fresh cluster
#   (the tests' data is throw-away).
# - Prints timings; on failure exits non-zero and prints the tail of the relevant logs.
# Stop with stop-radosgw.sh. Env overrides: S3_TEST_STATE or RGW_STATE_DIR, RGW_PORT, MON_PORT, OSD_PORT_MIN/MAX,
# RGW_TLS_PORT, RGW_STS_PORT, RGW_ACCESS_KEY, RGW_SECRET_KEY, RGW_UID, RGW_OSD_BYTES, RGW_TLS_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BASE=${RGW_STATE_DIR:-$STATE_ROOT/ceph}
RGW_PORT=${RGW_PORT:-17480}
RGW_TLS_PORT=${RGW_TLS_PORT:-17443}
RGW_STS_PORT=${RGW_STS_PORT:-17482}      # the gateway with STS on (see [client.rgw.sts])
RGW_TLS_DIR=${RGW_TLS_DIR:-$STATE_ROOT/tls}   # ca.crt, server.crt, server.key (kept across restarts)
MON_PORT=${MON_PORT:-16789}           # msgr v1 only, keeps the config short
OSD_PORT_MIN=${OSD_PORT_MIN:-16800}
OSD_PORT_MAX=${OSD_PORT_MAX:-16899}
RGW_UID=${RGW_UID:-testuser}
RGW_ACCESS_KEY=${RGW_ACCESS_KEY:-AKIAIOSFODNN7EXAMPLE}
RGW_SECRET_KEY=${RGW_SECRET_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
RGW_OSD_BYTES=${RGW_OSD_BYTES:-34359738368}   # OSD capacity, 32 GiB: a sparse file, disk used as data is written
CONF=$BASE/ceph.conf
ENDPOINT=http://127.0.0.1:$RGW_PORT
TLS_ENDPOINT=https://127.0.0.1:$RGW_TLS_PORT
STS_ENDPOINT=http://127.0.0.1:$RGW_STS_PORT
LOGS=("$BASE/log/mon.out" "$BASE/log/osd.out" "$BASE/log/rgw.out" "$BASE/log/client.rgw.a.log" "$BASE/log/rgw-sts.out" "$BASE/log/client.rgw.sts.log")

ensure_packages "${RGW_PACKAGES[@]}"

s3_ok() {   # signed (SigV4) ListBuckets with the test key
  # RGW answers SignatureDoesNotMatch unless x-amz-content-sha256 is sent (curl 7.88 omits it)
  curl -sf -o /dev/null --max-time 3 --aws-sigv4 "aws:amz:us-east-1:s3" \
       -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
       --user "$RGW_ACCESS_KEY:$RGW_SECRET_KEY" "$ENDPOINT/"
}
tls_ok() {  # the HTTPS endpoint answers with a certificate from our CA
  curl -s -o /dev/null --max-time 3 --cacert "$RGW_TLS_DIR/ca.crt" "$TLS_ENDPOINT/"
}
sts_ok() {  # an unsigned AssumeRole is refused with 403 by an RGW with STS on (400/405 without it)
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -d 'Action=AssumeRole&RoleArn=arn:aws:iam:::role/S3Access&RoleSessionName=probe&Version=2011-06-15' "$STS_ENDPOINT/") == 403 ]]
}

# what a running cluster must have been started with to be reused; bump when the config changes
RECIPE="# recipe: bluestore, https, s3.test, sts gateway (v1)"
if grep -qxF "$RECIPE" "$CONF" 2>/dev/null && pid_alive "$BASE/mon.pid" && pid_alive "$BASE/osd.pid" && pid_alive "$BASE/rgw.pid" && pid_alive "$BASE/rgw-sts.pid" && s3_ok && tls_ok && sts_ok; then
  log "radosgw already running at $ENDPOINT"; exit 0
fi

# ---------------------------------------------------------------- fresh cluster
RGW_STATE_DIR=$BASE "$SERVERS_DIR/stop-radosgw.sh" >/dev/null 2>&1 || true
# on any failure from here on, do not leave half-started daemons behind (logs stay in $BASE/log)
trap 'rc=$?; if ((rc)); then RGW_STATE_DIR=$BASE "$SERVERS_DIR/stop-radosgw.sh" >/dev/null 2>&1; fi; exit $rc' EXIT
require_free_ports "$RGW_PORT" "$RGW_TLS_PORT" "$RGW_STS_PORT" "$MON_PORT"
[[ -s $RGW_TLS_DIR/ca.crt && -s $RGW_TLS_DIR/server.key ]] \
  || "$SERVERS_DIR/make-test-ca.sh" "$RGW_TLS_DIR" >"$STATE_ROOT/make-test-ca.out" 2>&1 \
  || die "making the test CA failed" "$STATE_ROOT/make-test-ca.out"
wipe_state_dir "$BASE" ceph.conf; mkdir -p "$BASE"/{mon,osd,rgw,rgw-sts,run,log}
FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)

cat >"$CONF" <<EOF
$RECIPE
[global]
fsid = $FSID
mon_initial_members = a
mon_host = v1:127.0.0.1:$MON_PORT
public_addr = 127.0.0.1
public_network = 127.0.0.0/8
ms_bind_msgr2 = false
ms_bind_port_min = $OSD_PORT_MIN
ms_bind_port_max = $OSD_PORT_MAX
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 1
osd_pool_default_pgp_num = 1
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
paxos_propose_interval = 0.01
paxos_min_wait = 0.01
mon_warn_on_pool_no_redundancy = false
run_dir = $BASE/run
admin_socket = $BASE/run/\$name.asok
log_file = $BASE/log/\$name.log
pid_file = $BASE/run/\$name.pid
crash_dir = $BASE/run/crash
keyring = $BASE/\$name.keyring
[mon]
mon_data = $BASE/mon/\$name
mon_cluster_log_file = $BASE/log/cluster.log
[osd]
osd_data = $BASE/osd/\$name
# bluestore on a sparse file under osd_data: multi-GB transfers fit (a RAM memstore held 4 GiB)
osd_objectstore = bluestore
bluestore_block_size = $RGW_OSD_BYTES
bluestore_fsck_on_mkfs = false
osd_op_num_shards = 2
osd_op_num_threads_per_shard = 1
osd_crush_update_on_start = false
osd_class_update_on_start = false
[client]
# BUCKET.s3.test is a virtual-host bucket; the zonegroup's hostnames (set before radosgw starts)
# add localhost, so Host: localhost stays path-style instead of naming a bucket "localhost".
rgw_dns_name = s3.test
rgw_enable_usage_log = false
rgw_rados_pool_pg_num_min = 1
[client.rgw.a]
rgw_data = $BASE/rgw
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT ssl_endpoint=127.0.0.1:$RGW_TLS_PORT ssl_certificate=$RGW_TLS_DIR/server.crt ssl_private_key=$RGW_TLS_DIR/server.key
rgw_thread_pool_size = 64
# Reclaim deleted objects' data within a minute, not after RGW's default two hours: the tests write
# GBs a run, and a server kept running across runs would otherwise fill the OSD (full OSD:
# every request then hangs).
rgw_gc_obj_min_wait = 30
rgw_gc_processor_period = 30
rgw_gc_processor_max_time = 30
# A second gateway on the same cluster (same users and buckets) with STS on: AssumeRole and
# AssumeRoleWithWebIdentity, and S3 requests with their temporary credentials. Not on the main one:
# with the STS engine on, RGW answers every failed authentication with AccessDenied, where the
# tests expect SignatureDoesNotMatch and InvalidAccessKeyId.
[client.rgw.sts]
rgw_data = $BASE/rgw-sts
rgw_frontends = beast endpoint=127.0.0.1:$RGW_STS_PORT
rgw_thread_pool_size = 16
rgw_enable_gc_threads = false
rgw_enable_lc_threads = false
rgw_s3_auth_use_sts = true
# encrypts session tokens (the first 16 bytes are used); 60 s sessions let the tests see a real expiry
rgw_sts_key = 0123456789abcdef
rgw_sts_min_session_duration = 60
EOF
export CEPH_CONF=$CONF

# mon_cmd <python-args...>: one python process (librados) for all mon commands, instead of one
# `ceph` CLI start (~0.5 s each) per command; retries transient errors, reports what failed.
mon_py() {
  /usr/bin/python3 - "$CONF" "$@" <<'PY'
import json, sys, time, rados
conf, action, args = sys.argv[1], sys.argv[2], sys.argv[3:]
deadline = time.time() + 60
def connect():
    while True:
        try:
            r = rados.Rados(conffile=conf)
            r.connect(timeout=5)
            return r
        except Exception as e:
            if time.time() > deadline:
                sys.exit(f"cannot connect to the mon: {e}")
            time.sleep(0.2)
def cmd(r, **kw):
    kw.setdefault("format", "json")
    while True:
        ret, out, err = r.mon_command(json.dumps(kw), b"", timeout=10)
        if ret == 0:
            return json.loads(out) if out.strip() else None
        if time.time() > deadline:
            sys.exit(f"mon command {kw} failed: {ret} {err}")
        print(f"mon command {kw['prefix']} returned {ret} {err}; retrying", file=sys.stderr)
        time.sleep(0.2)
r = connect()
if action == "bootstrap-osd":
    # CRUSH placement here (osd_crush_update_on_start=false): the OSD's own start-up mon commands
    # occasionally raced the brand-new mon ("handle_command on fsid 0000... != fsid").
    uuid, = args
    cmd(r, prefix="osd crush add-bucket", name="localhost", type="host")
    cmd(r, prefix="osd crush move", name="localhost", args=["root=default"])
    osd_id = cmd(r, prefix="osd new", uuid=uuid)["osdid"]
    cmd(r, prefix="osd crush add", id=osd_id, weight=1.0, args=["host=localhost"])
    print(osd_id)
elif action == "wait-osd-up":
    osd_id, timeout = int(args[0]), float(args[1])
    end = time.time() + timeout
    while time.time() < end:
        if any(o["osd"] == osd_id and o["up"] for o in cmd(r, prefix="osd dump")["osds"]):
            sys.exit(0)
        time.sleep(0.1)
    sys.exit(1)
r.shutdown()
PY
}

log "starting mon"
monmaptool --create --fsid "$FSID" --addv a "[v1:127.0.0.1:$MON_PORT]" "$BASE/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$BASE/monmap" >"$BASE/log/mon-mkfs.out" 2>&1 \
  || die "ceph-mon --mkfs failed" "$BASE/log/mon-mkfs.out"
setsid ceph-mon -c "$CONF" -i a -f >"$BASE/log/mon.out" 2>&1 & echo $! >"$BASE/mon.pid"
OSD_ID=$(mon_py bootstrap-osd "$OSD_UUID" 2>"$BASE/log/bootstrap.out") \
  || die "creating the OSD in the mon failed" "$BASE/log/bootstrap.out" "$BASE/log/mon.out" "$BASE/log/mon.a.log"
log "mon up, osd.$OSD_ID created"
mkdir -p "$BASE/osd/osd.$OSD_ID"
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$BASE/log/osd-mkfs.out" 2>&1 \
  || die "ceph-osd --mkfs failed" "$BASE/log/osd-mkfs.out"
up=
for attempt in 1 2 3; do   # belt and braces: restart the OSD if it has not booted within 15 s
  setsid ceph-osd -c "$CONF" -i "$OSD_ID" -f >>"$BASE/log/osd.out" 2>&1 & echo $! >"$BASE/osd.pid"
  if mon_py wait-osd-up "$OSD_ID" 15 2>>"$BASE/log/bootstrap.out"; then up=1; break; fi
  log "osd.$OSD_ID not up after attempt $attempt, restarting it"
  stop_pidfiles 20 osd:"$BASE/osd.pid" >/dev/null
done
[[ -n $up ]] || die "osd.$OSD_ID did not come up" "$BASE/log/bootstrap.out" "$BASE/log/osd.out" "$BASE/log/osd.$OSD_ID.log"
log "osd.$OSD_ID up"

# zonegroup hostnames: radosgw reads them at start. `user list` first makes the default zone exist.
radosgw-admin -c "$CONF" user list >/dev/null 2>"$BASE/log/zonegroup.out" \
  && radosgw-admin -c "$CONF" zonegroup get >"$BASE/zg.json" 2>>"$BASE/log/zonegroup.out" \
  && /usr/bin/python3 -c 'import json,sys; z=json.load(open(sys.argv[1])); z["hostnames"]=["s3.test","localhost"]; json.dump(z,open(sys.argv[1],"w"))' "$BASE/zg.json" \
  && radosgw-admin -c "$CONF" zonegroup set --infile "$BASE/zg.json" >/dev/null 2>>"$BASE/log/zonegroup.out" \
  || die "setting the zonegroup hostnames failed" "$BASE/log/zonegroup.out"
log "zonegroup hostnames: s3.test, localhost"

setsid radosgw -c "$CONF" -n client.rgw.a -f >"$BASE/log/rgw.out" 2>&1 & echo $! >"$BASE/rgw.pid"
WATCH_PIDFILES=("$BASE"/{mon,osd,rgw}.pid)   # a crash ends the waits early
# radosgw creates its pools (+ default realm/zone) on first start; wait for the port
wait_until 600 curl -s -o /dev/null --max-time 2 "$ENDPOINT/" \
  || die "radosgw did not answer on $ENDPOINT within 120 s" "${LOGS[@]}"
log "radosgw answering on $ENDPOINT"
# the STS gateway only once the first has created the pools and the default zone
setsid radosgw -c "$CONF" -n client.rgw.sts -f >"$BASE/log/rgw-sts.out" 2>&1 & echo $! >"$BASE/rgw-sts.pid"
WATCH_PIDFILES+=("$BASE/rgw-sts.pid")

if ! radosgw-admin -c "$CONF" user info --uid="$RGW_UID" >/dev/null 2>&1; then
  radosgw-admin -c "$CONF" user create --uid="$RGW_UID" --display-name="$RGW_UID" \
     --access-key="$RGW_ACCESS_KEY" --secret-key="$RGW_SECRET_KEY" >"$BASE/log/user-create.out" 2>&1 \
     || die "radosgw-admin user create failed" "$BASE/log/user-create.out"
fi
wait_until 100 s3_ok || die "radosgw does not accept a signed ListBuckets with the test key" "${LOGS[@]}"
wait_until 50 tls_ok || die "radosgw does not answer on $TLS_ENDPOINT with the test CA's certificate" "${LOGS[@]}"
wait_until 100 curl -s -o /dev/null --max-time 2 "$STS_ENDPOINT/" \
  || die "the STS gateway did not answer on $STS_ENDPOINT" "${LOGS[@]}"
RGW_ENDPOINT=$ENDPOINT RGW_UID=$RGW_UID RGW_ACCESS_KEY=$RGW_ACCESS_KEY RGW_SECRET_KEY=$RGW_SECRET_KEY \
  "$SERVERS_DIR/rgw-sts-setup.sh" >"$BASE/log/sts-setup.out" 2>&1 || die "STS set-up failed" "$BASE/log/sts-setup.out"
sts_ok || die "the STS gateway does not refuse an unsigned AssumeRole with 403 (STS not on?)" "${LOGS[@]}"
log "STS at $STS_ENDPOINT: role arn:aws:iam:::role/S3Access"
log "ready: $ENDPOINT and $TLS_ENDPOINT (CA $RGW_TLS_DIR/ca.crt)  access key $RGW_ACCESS_KEY"
