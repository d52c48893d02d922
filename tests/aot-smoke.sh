#!/usr/bin/env bash
# Publishes sigv as a Native AOT executable with the README's command and checks the binary:
# zero AOT/trim warnings (warnings are errors), it runs, signs the AWS documentation example
# exactly, and (when the loopback Ceph RGW is configured) talks S3. Prints size and cold start.
# Called by .ci/run; run it alone with: bash tests/aot-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
out=src/Signing.Cli/bin/Release/net8.0/$rid/publish

# Native AOT links with the system C toolchain (clang or gcc) and zlib; install them when missing
# and we can (root on Debian/Ubuntu).
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null || [[ ! -e /usr/include/zlib.h ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  else
    echo "aot-smoke: Native AOT needs clang (or gcc) and zlib headers: apt-get install clang zlib1g-dev" >&2
    exit 1
  fi
fi

log=$(mktemp)
# The README's publish command (TreatWarningsAsErrors makes any AOT/trim warning fail it).
dotnet publish src/Signing.Cli -f net8.0 -c Release -r "$rid" 2>&1 | tee "$log"
if grep -qE 'warning (IL|AOT)[0-9]+' "$log"; then
  echo "aot-smoke: the Native AOT publish printed trim/AOT warnings" >&2
  exit 1
fi
rm -f "$log"

bin="$out/sigv"
[[ -x "$bin" ]] || { echo "aot-smoke: no executable at $bin" >&2; exit 1; }

"$bin" --version
# The AWS S3 documentation's GET example: its published signature must come out.
expected=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41
signed=$("$bin" sign https://examplebucket.s3.amazonaws.com/test.txt -H 'Range: bytes=0-9' \
  --aws-sigv4 aws:amz:us-east-1:s3 --user AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
  --date 20130524T000000Z)
grep -q "Signature=$expected" <<<"$signed" || { echo "aot-smoke: wrong signature from the native binary:" >&2; echo "$signed" >&2; exit 1; }
# SigV4a (ECDSA through System.Security.Cryptography under Native AOT): aws-c-auth's v4a get-vanilla
# string to sign must come out (the signature is randomized; the test suite verifies it).
explained=$("$bin" sign --sigv4a --region-set us-east-1 --explain https://example.amazonaws.com/ \
  --aws-sigv4 aws:amz:us-east-1:service --user AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
  --date 20150830T123600Z 2>&1)
grep -q "^cf59db423e841c8b7e3444158185aa261b724a5c27cbe762676f3eed19f4dc02$" <<<"$explained" \
  && grep -q "^Authorization: AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=30" <<<"$explained" \
  || { echo "aot-smoke: wrong SigV4a string to sign from the native binary:" >&2; echo "$explained" >&2; exit 1; }
"$bin" bench --quick >/dev/null

# Against the loopback Ceph RGW when it runs (tests/servers): HTTP, TLS-free sockets and the S3
# client's XML under trimming, through curl and s3 commands of the native binary.
if [[ -f tests/servers/.env ]]; then
  set -a; source tests/servers/.env; set +a
fi
if [[ -n "${SIGNING_TEST_RGW_ENDPOINT:-}" ]]; then
  ep=${SIGNING_TEST_RGW_ENDPOINT%/}
  bucket="aot-smoke-$(date +%s)-$$"
  export AWS_ACCESS_KEY_ID=$SIGNING_TEST_RGW_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SIGNING_TEST_RGW_SECRET_KEY
  tmp=$(mktemp -d)
  head -c 300000 /dev/urandom > "$tmp/in.bin"
  "$bin" curl -fsS -X PUT "$ep/$bucket"
  "$bin" curl -fsS -T "$tmp/in.bin" "$ep/$bucket/in.bin"
  "$bin" s3 --endpoint-url "$ep" ls "s3://$bucket" | grep -q "in.bin"
  "$bin" s3 --endpoint-url "$ep" --signature v2 cp "s3://$bucket/in.bin" "$tmp/out.bin" >/dev/null
  cmp "$tmp/in.bin" "$tmp/out.bin"
  "$bin" s3 --endpoint-url "$ep" rb --force "s3://$bucket" >/dev/null
  rm -rf "$tmp"
  echo "aot-smoke: the native sigv uploaded, listed, downloaded and removed a bucket on $ep"
fi

# Size and cold start (median of 11 runs of `sigv --version`).
size=$(stat -c %s "$bin")
times=()
for _ in $(seq 11); do
  start=$(date +%s%N); "$bin" --version >/dev/null; end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)
echo "aot-smoke: ok: $bin is $(( size / 1024 )) KiB; cold start (sigv --version) median ${median} us"
