# Shared helpers for the test-server scripts in this directory. Sourced, not executed.
# Provides: log, die (prints the tail of the given logs), ensure_packages (apt-get install of
# whatever is missing, running `apt-get update` only when needed), wait_until.

SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_ROOT=${S3_TEST_STATE:-${TMPDIR:-/tmp}/s3-test}

_t0=${_t0:-$(date +%s.%N)}
log() { awk -v a="$_t0" -v b="$(date +%s.%N)" -v p="${LOG_PREFIX:-}" -v m="$*" 'BEGIN{printf "[%6.2fs] %s%s\n", b-a, p, m}'; }

# die <message> [log files...]: message plus the last lines of each existing log, then exit 1.
die() {
  local msg=$1; shift
  echo "ERROR: ${LOG_PREFIX:-}$msg" >&2
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    echo "----- tail -n ${LOG_TAIL_LINES:-40} $f" >&2
    tail -n "${LOG_TAIL_LINES:-40}" "$f" >&2
  done
  exit 1
}

# wait_until <tries, 0.2 s apart> <command...>: 0 as soon as the command succeeds, 1 on timeout,
# or at once when a process named in WATCH_PIDFILES (array of pid files) has exited.
WATCH_PIDFILES=()
wait_until() {
  local n=$1 i f; shift
  for ((i = 0; i < n; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    for f in "${WATCH_PIDFILES[@]}"; do
      pid_alive "$f" || { echo "$(basename "$f" .pid) exited" >&2; return 1; }
    done
    sleep 0.2
  done
  return 1
}

# require_free_ports <port...>: dies at once if something already listens on 127.0.0.1:<port>
# (otherwise the daemon would retry binding for a while and the start would fail much later).
require_free_ports() {
  local p
  for p; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      die "port 127.0.0.1:$p is already in use by another process (see: ss -ltnp | grep :$p)"
    fi
  done
}

# APT options that only make the install faster and non-interactive: no prompts, no fsync per file,
# wait for a dpkg lock held by someone else instead of failing, and do not unpack the man pages and
# docs of these packages (fewer files; the man-db trigger then takes ~0.3 s instead of ~7 s).
APT_OPTS=(-y -q --no-install-recommends
  -o DPkg::Lock::Timeout=600
  -o Dpkg::Use-Pty=0
  -o Dpkg::Options::=--force-unsafe-io
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
  -o 'Dpkg::Options::=--path-exclude=/usr/share/man/*'
  -o 'Dpkg::Options::=--path-exclude=/usr/share/doc/*'
  -o 'Dpkg::Options::=--path-include=/usr/share/doc/*/copyright')

# apt_install <package...>: `apt-get update` first when the lists do not know the packages
# (fresh machine), and once more if the install fails (stale lists pointing at removed versions).
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local out=${APT_LOG:-$STATE_ROOT/apt.log}
  mkdir -p "$(dirname "$out")"
  if ! apt-get -s -q install --no-install-recommends "$@" >/dev/null 2>&1; then
    log "apt-get update (package lists do not know: $*)"
    apt-get -q -o DPkg::Lock::Timeout=600 update >"$out" 2>&1 || log "apt-get update reported errors (continuing; see $out)"
    _updated=1
  fi
  log "apt-get install $*"
  if ! apt-get "${APT_OPTS[@]}" install "$@" >>"$out" 2>&1; then
    if [[ -z ${_updated:-} ]]; then
      log "install failed; apt-get update and retry"
      apt-get -q -o DPkg::Lock::Timeout=600 update >>"$out" 2>&1 || true
      apt-get "${APT_OPTS[@]}" install "$@" >>"$out" 2>&1 || die "apt-get install $* failed" "$out"
    else
      die "apt-get install $* failed" "$out"
    fi
  fi
  log "installed"
}

# missing_packages <command:package...>: prints the packages whose command is not on PATH.
missing_packages() {
  local spec
  for spec; do
    command -v "${spec%%:*}" >/dev/null 2>&1 || echo "${spec#*:}"
  done | sort -u
}

# ensure_packages <command:package...>: installs what is missing (needs root and apt-get).
ensure_packages() {
  local need
  mapfile -t need < <(missing_packages "$@")
  ((${#need[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "need root to install: ${need[*]}"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get to install: ${need[*]}"
  apt_install "${need[@]}"
}

# Commands each server needs, as command:package. start-all.sh installs the union in one apt-get run.
RGW_PACKAGES=(ceph-mon:ceph-mon monmaptool:ceph-mon ceph-osd:ceph-osd ceph:ceph-common
  radosgw:radosgw radosgw-admin:radosgw curl:curl openssl:openssl python3:python3)
SWIFT_PACKAGES=(swift-proxy-server:swift-proxy swift-account-server:swift-account
  swift-container-server:swift-container swift-object-server:swift-object swift-ring-builder:swift
  memcached:memcached curl:curl)

# wipe_state_dir <dir> <file a team recipe leaves there>: empties <dir> for a fresh start and marks
# it as ours. Refuses a directory that exists, is not empty and has neither the marker nor the
# recipe's file, so a mistaken override cannot wipe real data.
wipe_state_dir() {
  local d=$1 known=$2
  [[ -n $d && $d == /*/* ]] || die "refusing state directory '$d' (must be an absolute path below /)"
  if [[ -d $d && -n $(ls -A "$d" 2>/dev/null) && ! -f $d/.s3-test-state && ! -f $d/$known ]]; then
    die "refusing to wipe $d: not empty and not created by these scripts (no .s3-test-state marker)"
  fi
  rm -rf "$d"; mkdir -p "$d"; : >"$d/.s3-test-state"
}

# running <pid>: the process exists and is not a zombie (in containers whose PID 1 reaps lazily,
# a daemon that has exited can linger as a zombie, and kill -0 still succeeds on it).
running() {
  local st
  kill -0 "$1" 2>/dev/null || return 1
  st=$(sed 's/^.*) //; s/ .*//' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $st != Z && $st != X ]]
}
# pid_alive <pidfile>
pid_alive() { [[ -f $1 ]] && running "$(cat "$1")"; }

# stop_pidfiles <grace tries of 0.1 s> <name:pidfile...>: SIGTERM to all at once, wait for all,
# SIGKILL whatever is still alive after the grace period (grace 0: SIGKILL at once); removes the
# pid files.
stop_pidfiles() {
  local n=$1 spec pid i; shift
  local -A pids=()
  for spec; do
    [[ -f ${spec#*:} ]] || continue
    pid=$(cat "${spec#*:}")
    if [[ $pid =~ ^[0-9]+$ ]] && running "$pid"; then
      if ((n)); then kill "$pid" 2>/dev/null; fi
      pids[${spec%%:*}]=$pid
    fi
  done
  for ((i = 0; i < n; i++)); do
    for spec in "${!pids[@]}"; do running "${pids[$spec]}" || { echo "stopped $spec (${pids[$spec]})"; unset "pids[$spec]"; }; done
    ((${#pids[@]})) || break
    sleep 0.1
  done
  for spec in "${!pids[@]}"; do
    kill -9 "${pids[$spec]}" 2>/dev/null
    if ((n)); then echo "killed $spec (${pids[$spec]}) after $((n / 10)) s"; else echo "killed $spec (${pids[$spec]})"; fi
  done
  for spec; do rm -f "${spec#*:}"; done
}
