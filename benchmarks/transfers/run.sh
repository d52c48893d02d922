#!/usr/bin/env bash
# Times S3 transfers to a loopback S3 server (the test Ceph RGW by default) with sigv, the AWS CLI,
# rclone and s3cmd: upload and download of one N MiB file, a sync of F small files to an empty
# prefix, and the same sync again with nothing changed. Each tool runs with its defaults; each row
# gives wall time, CPU (user + sys) and peak RSS as GNU time measures them, as a Markdown table.
#
#   bash benchmarks/transfers/run.sh [MiB] [FILES]        # defaults: 512 MiB, 2000 files
#
# Environment: ENDPOINT, ACCESS_KEY, SECRET_KEY (default: the RGW of tests/servers/.env);
# SIGV (default: the Native AOT build, published here when missing); AWS (default /usr/bin/aws,
# Debian's awscli); RUNS (default 1: the best wall time of RUNS runs is kept); TOOLS (default
# "sigv aws rclone s3cmd"). Debian's awscli, rclone and s3cmd are installed when missing (root).
set -euo pipefail
cd "$(dirname "$0")/../.."
mib=${1:-512}
files=${2:-2000}
runs=${RUNS:-1}
tools=${TOOLS:-"sigv aws rclone s3cmd"}

if [[ -z "${ENDPOINT:-}" && -f tests/servers/.env ]]; then
  set -a; source tests/servers/.env; set +a
elif [[ -z "${ENDPOINT:-}" && -f /work/main/tests/servers/.env ]]; then
  set -a; source /work/main/tests/servers/.env; set +a
fi
ENDPOINT=${ENDPOINT:-${SIGNING_TEST_RGW_ENDPOINT:?set ENDPOINT (http://HOST:PORT of the S3 server)}}
ACCESS_KEY=${ACCESS_KEY:-${SIGNING_TEST_RGW_ACCESS_KEY:?set ACCESS_KEY}}
SECRET_KEY=${SECRET_KEY:-${SIGNING_TEST_RGW_SECRET_KEY:?set SECRET_KEY}}
AWS=${AWS:-/usr/bin/aws}

missing=()
[[ -x "$AWS" ]] || missing+=(awscli)
command -v rclone >/dev/null || missing+=(rclone)
command -v s3cmd >/dev/null || missing+=(s3cmd)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  echo "installing ${missing[*]} (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
if [[ -z "${SIGV:-}" ]]; then
  SIGV=src/Signing.Cli/bin/Release/net8.0/$rid/publish/sigv
  if [[ ! -x "$SIGV" ]]; then
    echo "publishing sigv (Native AOT) to $SIGV" >&2
    dotnet publish src/Signing.Cli -f net8.0 -c Release -r "$rid" >/dev/null
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bucket="bench-transfers-$(date +%s)"
host=${ENDPOINT#*://}; host=${host%/}
# Over plain HTTP a CA bundle means nothing, and rclone 1.60 fails on AWS_CA_BUNDLE ("unsupported transport").
[[ $ENDPOINT == http://* ]] && unset AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=$work/no-aws-config AWS_SHARED_CREDENTIALS_FILE=$work/no-aws-credentials
export RCLONE_CONFIG=$work/rclone.conf RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Ceph \
  RCLONE_CONFIG_BENCH_ENDPOINT=$ENDPOINT RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=$ACCESS_KEY \
  RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=$SECRET_KEY
touch "$RCLONE_CONFIG"
cat > "$work/s3cfg" <<EOF
[default]
access_key = $ACCESS_KEY
secret_key = $SECRET_KEY
host_base = $host
host_bucket = $host
use_https = ${ENDPOINT%%://*}
signature_v2 = False
EOF
sed -i 's/use_https = http$/use_https = False/; s/use_https = https$/use_https = True/' "$work/s3cfg"

# The command of TOOL for OPERATION (upload, download, sync, resync) in run R. Each upload goes to a
# new key and each download to a file just removed: rclone skips a copy whose target is identical.
command_of() {
  local tool=$1 op=$2 key="$1/big-$3.bin" prefix="$1-tree"
  case "$tool:$op" in
    sigv:upload)     echo "$SIGV s3 --endpoint-url $ENDPOINT --quiet cp $work/big.bin s3://$bucket/$key" ;;
    sigv:download)   echo "$SIGV s3 --endpoint-url $ENDPOINT --quiet cp s3://$bucket/$1/big-0.bin $work/down-sigv.bin" ;;
    sigv:sync|sigv:resync) echo "$SIGV s3 --endpoint-url $ENDPOINT --quiet sync $work/tree s3://$bucket/$prefix" ;;
    aws:upload)      echo "$AWS --endpoint-url $ENDPOINT s3 cp --quiet $work/big.bin s3://$bucket/$key" ;;
    aws:download)    echo "$AWS --endpoint-url $ENDPOINT s3 cp --quiet s3://$bucket/$1/big-0.bin $work/down-aws.bin" ;;
    aws:sync|aws:resync) echo "$AWS --endpoint-url $ENDPOINT s3 sync --quiet $work/tree s3://$bucket/$prefix" ;;
    rclone:upload)   echo "rclone copyto $work/big.bin bench:$bucket/$key" ;;
    rclone:download) echo "rclone copyto bench:$bucket/$1/big-0.bin $work/down-rclone.bin" ;;
    rclone:sync|rclone:resync) echo "rclone sync $work/tree bench:$bucket/$prefix" ;;
    s3cmd:upload)    echo "s3cmd -c $work/s3cfg --quiet put $work/big.bin s3://$bucket/$key" ;;
    s3cmd:download)  echo "s3cmd -c $work/s3cfg --quiet --force get s3://$bucket/$1/big-0.bin $work/down-s3cmd.bin" ;;
    s3cmd:sync|s3cmd:resync) echo "s3cmd -c $work/s3cfg --quiet sync $work/tree/ s3://$bucket/$prefix/" ;;
  esac
}

echo "preparing: $mib MiB file, $files small files, bucket $bucket at $ENDPOINT" >&2
head -c $((mib * 1024 * 1024)) /dev/urandom > "$work/big.bin"
for ((i = 0; i < files; i++)); do
  d=$work/tree/d$((i % 20)); mkdir -p "$d"
  head -c $((1024 + i % 4096)) /dev/urandom > "$d/file-$i.bin"
done
cat "$work/big.bin" > /dev/null
"$SIGV" s3 --endpoint-url "$ENDPOINT" --quiet mb "s3://$bucket"

results=$work/results
: > "$results"
for op in upload download sync resync; do
  for tool in $tools; do
    best=""
    for ((r = 0; r < runs; r++)); do
      if [[ $op == sync && $r -gt 0 ]]; then
        # A fresh, empty prefix for each timed first sync.
        "$SIGV" s3 --endpoint-url "$ENDPOINT" --quiet rm --recursive "s3://$bucket/$tool-tree/" >/dev/null
      fi
      [[ $op == download ]] && rm -f "$work/down-$tool.bin"
      sync; sleep 1
      # shellcheck disable=SC2046
      if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" $(command_of "$tool" "$op" "$r") > "$work/out" 2>&1; then
        echo "$tool $op failed:" >&2; tail -5 "$work/out" >&2; continue
      fi
      read -r wall user sys rss < "$work/time"
      if [[ -z "$best" ]] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
        best="$wall $user $sys $rss"
      fi
    done
    [[ -n "$best" ]] && echo "$op $tool $best" >> "$results"
    [[ -n "$best" ]] && echo "  $op $tool: $best" >&2
  done
done

for f in "$work"/down-*.bin; do
  [[ -e "$f" ]] || continue
  cmp -s "$work/big.bin" "$f" || echo "warning: $f differs from what was uploaded" >&2
done
"$SIGV" s3 --endpoint-url "$ENDPOINT" --quiet rb --force "s3://$bucket" || true

label() {
  case $1 in
    upload) echo "upload $mib MiB" ;; download) echo "download $mib MiB" ;;
    sync) echo "sync $files files (new)" ;; resync) echo "sync $files files (unchanged)" ;;
  esac
}
echo
echo "| operation | tool | wall s | CPU s (user+sys) | peak RSS MiB |"
echo "|---|---|---:|---:|---:|"
while read -r op tool wall user sys rss; do
  printf '| %s | %s | %.2f | %.2f | %.0f |\n' "$(label "$op")" "$tool" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
done < "$results"
