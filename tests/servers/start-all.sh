#!/usr/bin/env bash
# Starts both S3 test servers (Ceph RADOS Gateway and Swift s3api) on 127.0.0.1 and writes the
# connection settings for the integration tests to tests/servers/.env (export lines; also printed).
#
#   tests/servers/start-all.sh && source tests/servers/.env && dotnet test ...
#
# - Not root, or no apt-get (not Debian/Ubuntu): prints one line saying why and exits 0, so the
#   tests report themselves skipped. With CI=true that is an error instead (exit 1).
# - Installs the packages of both servers in one apt-get run (apt-get update only if needed),
#   then starts the two servers in parallel. Idempotent: running servers are reused.
# - Exits non-zero, with the log tails, if either server fails to start.
# Env: ENV_FILE (default tests/servers/.env), plus the overrides of start-radosgw.sh / start-swift.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ENV_FILE=${ENV_FILE:-$SERVERS_DIR/.env}

skip() {
  if [[ ${CI:-} == true ]]; then echo "ERROR: S3 test servers not started: $* (CI=true, so this is fatal)" >&2; exit 1; fi
  echo "S3 test servers not started: $*; the integration tests will be skipped."
  exit 0
}
[[ $EUID -eq 0 ]] || skip "not running as root (the scripts install Debian packages and run the daemons as root)"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get (the servers come from Debian/Ubuntu packages)"

log "start-all: installing what is missing"
mapfile -t need < <(missing_packages "${RGW_PACKAGES[@]}" "${SWIFT_PACKAGES[@]}")
if ((${#need[@]})); then apt_install "${need[@]}"; else log "packages already installed"; fi

# Both servers in parallel; each one's output is kept apart and shown prefixed.
out=$STATE_ROOT/start-all; mkdir -p "$out"
_t0=$_t0 LOG_PREFIX="rgw: " "$SERVERS_DIR/start-radosgw.sh" >"$out/rgw.out" 2>&1 & rgw_pid=$!
_t0=$_t0 LOG_PREFIX="swift: " "$SERVERS_DIR/start-swift.sh" >"$out/swift.out" 2>&1 & swift_pid=$!
rc_rgw=0; rc_swift=0
wait "$rgw_pid" || rc_rgw=$?
wait "$swift_pid" || rc_swift=$?
sed 's/^/[rgw]   /' "$out/rgw.out"
sed 's/^/[swift] /' "$out/swift.out"
if ((rc_rgw || rc_swift)); then
  echo "ERROR: start failed (radosgw exit $rc_rgw, swift exit $rc_swift); stopping both" >&2
  "$SERVERS_DIR/stop-all.sh" >/dev/null 2>&1 || true
  exit 1
fi

umask 077
cat >"$ENV_FILE" <<EOF
export SIGNING_TEST_RGW_ENDPOINT='http://127.0.0.1:${RGW_PORT:-17480}'
export SIGNING_TEST_RGW_HTTPS_ENDPOINT='https://127.0.0.1:${RGW_TLS_PORT:-17443}'
export SIGNING_TEST_CA_FILE='${RGW_TLS_DIR:-$STATE_ROOT/tls}/ca.crt'
export SIGNING_TEST_RGW_VHOST_DOMAIN='s3.test'
export SIGNING_TEST_RGW_STS_ENDPOINT='http://127.0.0.1:${RGW_STS_PORT:-17482}'
export SIGNING_TEST_RGW_STS_ROLE_ARN='arn:aws:iam:::role/S3Access'
export SIGNING_TEST_RGW_CEPH_CONF='${RGW_STATE_DIR:-$STATE_ROOT/ceph}/ceph.conf'
export SIGNING_TEST_RGW_ACCESS_KEY='${RGW_ACCESS_KEY:-AKIAIOSFODNN7EXAMPLE}'
export SIGNING_TEST_RGW_SECRET_KEY='${RGW_SECRET_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}'
export SIGNING_TEST_SWIFT_ENDPOINT='http://127.0.0.1:${SWIFT_PROXY_PORT:-16080}'
export SIGNING_TEST_SWIFT_ACCESS_KEY='${SWIFT_ACCOUNT:-test}:${SWIFT_USER:-tester}'
export SIGNING_TEST_SWIFT_SECRET_KEY='${SWIFT_SECRET_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}'
EOF
log "both servers ready; settings written to $ENV_FILE:"
cat "$ENV_FILE"
