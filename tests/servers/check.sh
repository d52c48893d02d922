#!/usr/bin/env bash
# Smoke test of the running test servers with nothing but curl + openssl (independent of the
# library under test): SigV4 and SigV2 header auth and presigned URLs, region handling, payload
# hash checks, bucket/object round trip, virtual-host addressing, anonymous access, a 50 MiB
# multipart upload and the minimum part size.
#
#   tests/servers/check.sh [rgw|swift|all]     (default all; reads $ENV_FILE, default tests/servers/.env)
#
# Prints one line per check with the HTTP status seen, and exits non-zero if any result differs
# from what was observed for that server when these scripts were written (see README.md).
# curl 7.88 notes: its --aws-sigv4 sends no x-amz-content-sha256 (both servers require it, so it is
# added with -H) and does not turn a bare "?uploads" into "uploads=" (so the URL carries "uploads=").
set -uo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENV_FILE=${ENV_FILE:-$DIR/.env}
[[ -f $ENV_FILE ]] && source "$ENV_FILE"
EMPTY=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
failures=0

# result <name> <expected> <actual>
result() {
  if [[ $2 == "$3" ]]; then printf '  ok    %-52s %s\n' "$1" "$3"
  else printf '  FAIL  %-52s got %s, expected %s\n' "$1" "$3" "$2"; failures=$((failures + 1)); fi
}

hmac_hex() { printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -r | cut -d' ' -f1; }
urlenc() { local s=$1 o='' c i; for ((i = 0; i < ${#s}; i++)); do c=${s:i:1}
  case $c in [A-Za-z0-9._~-]) o+=$c ;; *) o+=$(printf '%%%02X' "'$c") ;; esac; done; printf '%s' "$o"; }
# presign4 <access-key> <secret> <host:port> <path> <expires-seconds> [<signing time, epoch s>]:
# prints a SigV4 query-string-authenticated ("presigned") GET URL, UNSIGNED-PAYLOAD, region us-east-1
presign4() {
  local ak=$1 sk=$2 host=$3 path=$4 exp=$5 t=${6:-$(date +%s)} region=us-east-1
  local now; now=$(date -u -d "@$t" +%Y%m%dT%H%M%SZ)
  local day=${now:0:8}; local scope="$day/$region/s3/aws4_request"
  local q="X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=$(urlenc "$ak/$scope")&X-Amz-Date=$now&X-Amz-Expires=$exp&X-Amz-SignedHeaders=host"
  local creq; creq=$(printf 'GET\n%s\n%s\nhost:%s\n\nhost\nUNSIGNED-PAYLOAD' "$path" "$q" "$host")
  local sts; sts=$(printf 'AWS4-HMAC-SHA256\n%s\n%s\n%s' "$now" "$scope" "$(printf '%s' "$creq" | sha256sum | cut -d' ' -f1)")
  local k; k=$(printf '%s' "AWS4$sk" | od -An -tx1 | tr -d ' \n')
  k=$(hmac_hex "$k" "$day"); k=$(hmac_hex "$k" "$region"); k=$(hmac_hex "$k" s3); k=$(hmac_hex "$k" aws4_request)
  printf 'http://%s%s?%s&X-Amz-Signature=%s' "$host" "$path" "$q" "$(hmac_hex "$k" "$sts")"
}
# presign2 <access-key> <secret> <host:port> <path> <expires, epoch s>: SigV2 query-string auth URL
presign2() {
  local sig; sig=$(printf 'GET\n\n\n%s\n%s' "$5" "$4" | openssl dgst -sha1 -hmac "$2" -binary | base64)
  printf 'http://%s%s?AWSAccessKeyId=%s&Expires=%s&Signature=%s' "$3" "$4" "$(urlenc "$1")" "$5" "$(urlenc "$sig")"
}
get() { with_code "$(curl -s -o "$TMP/body" -w '%{http_code}' "$1")"; }

# with_code <status>: appends the S3 error <Code> of the last response body, if any
with_code() { local c; c=$(sed -n 's:.*<Code>\(.*\)</Code>.*:\1:p' "$TMP/body" 2>/dev/null | head -n1); echo "$1${c:+ $c}"; }
anon() { with_code "$(curl -s -o "$TMP/body" -w '%{http_code}' "$1")"; }

# check_server <name> <endpoint> <access-key> <secret-key> <expected: SigV4 without x-amz-content-sha256>
#              <expected: anonymous GET of a private object> <expected: ... of a public-read object>
#              <expected: PUT whose body does not match x-amz-content-sha256>
#              <expected: SigV4 ListBuckets signed for region eu-west-1>
check_server() {
  local name=$1 ep=$2 ak=$3 sk=$4 nosha=$5 anon_private=$6 anon_public=$7 badhash=$8 region=$9
  local port=${ep##*:} bucket="check-$(date +%s)-$RANDOM"
  local vhost="$bucket.localhost"
  echo "$name ($ep, access key $ak)"
  # netrc, because the Swift access key contains ':' (curl --user would split it there)
  printf 'machine 127.0.0.1\nlogin %s\npassword %s\nmachine %s\nlogin %s\npassword %s\n' \
    "$ak" "$sk" "$vhost" "$ak" "$sk" >"$TMP/netrc"
  printf 'machine 127.0.0.1\nlogin %s\npassword %s\n' "$ak" "wrong$sk" >"$TMP/netrc.bad"

  # s4 <payload-hash> <curl args...>: SigV4-signed request; prints the HTTP status
  s4() { local h=$1; shift; curl -s -o "$TMP/body" -w '%{http_code}' --netrc-file "$TMP/netrc" \
           --resolve "$vhost:$port:127.0.0.1" --aws-sigv4 "aws:amz:us-east-1:s3" -H "x-amz-content-sha256: $h" "$@"; }
  # s2 <method> <string-to-sign resource> <curl args...>: SigV2 header auth (HMAC-SHA1 via openssl)
  s2() { local m=$1 res=$2; shift 2
    local d; d=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
    local sig; sig=$(printf '%s\n\n\n%s\n%s' "$m" "$d" "$res" | openssl dgst -sha1 -hmac "${S2_SECRET:-$sk}" -binary | base64)
    curl -s -o "$TMP/body" -w '%{http_code}' --resolve "$vhost:$port:127.0.0.1" -X "$m" \
      -H "Date: $d" -H "Authorization: AWS $ak:$sig" "$@"; }

  result "SigV4 ListBuckets" 200 "$(s4 $EMPTY "$ep/")"
  result "SigV4 ListBuckets, wrong secret" "403 SignatureDoesNotMatch" "$(with_code "$(curl -s -o "$TMP/body" -w '%{http_code}' \
           --netrc-file "$TMP/netrc.bad" --aws-sigv4 aws:amz:us-east-1:s3 -H "x-amz-content-sha256: $EMPTY" "$ep/")")"
  result "SigV4 ListBuckets, no x-amz-content-sha256" "$nosha" "$(with_code "$(curl -s -o "$TMP/body" -w '%{http_code}' \
           --netrc-file "$TMP/netrc" --aws-sigv4 aws:amz:us-east-1:s3 "$ep/")")"
  result "SigV4 ListBuckets, region eu-west-1 in the scope" "$region" "$(with_code "$(curl -s -o "$TMP/body" -w '%{http_code}' \
           --netrc-file "$TMP/netrc" --aws-sigv4 aws:amz:eu-west-1:s3 -H "x-amz-content-sha256: $EMPTY" "$ep/")")"
  result "SigV4 CreateBucket $bucket" 200 "$(s4 $EMPTY -X PUT "$ep/$bucket")"
  echo "hello from $name" >"$TMP/small"
  local h; h=$(sha256sum "$TMP/small" | cut -d' ' -f1)
  result "SigV4 PutObject" 200 "$(s4 "$h" -T "$TMP/small" "$ep/$bucket/small.txt")"
  result "SigV4 PutObject, wrong payload hash" "$badhash" \
    "$(with_code "$(s4 "$EMPTY" -T "$TMP/small" "$ep/$bucket/bad.txt")")"
  result "SigV4 GetObject" 200 "$(s4 $EMPTY "$ep/$bucket/small.txt")"
  result "  body round-trips" same "$(cmp -s "$TMP/body" "$TMP/small" && echo same || echo different)"
  result "SigV4 GetObject, virtual host $vhost:$port" 200 "$(s4 $EMPTY "http://$vhost:$port/small.txt")"
  result "  body round-trips" same "$(cmp -s "$TMP/body" "$TMP/small" && echo same || echo different)"
  result "SigV4 ListObjects, virtual host" 200 "$(s4 $EMPTY "http://$vhost:$port/")"
  result "  listing names the object" yes "$(grep -q '<Key>small.txt</Key>' "$TMP/body" && echo yes || echo no)"

  result "SigV2 ListBuckets" 200 "$(s2 GET / "$ep/")"
  result "SigV2 GetObject" 200 "$(s2 GET "/$bucket/small.txt" "$ep/$bucket/small.txt")"
  result "  body round-trips" same "$(cmp -s "$TMP/body" "$TMP/small" && echo same || echo different)"
  result "SigV2 GetObject, virtual host" 200 "$(s2 GET "/$bucket/small.txt" "http://$vhost:$port/small.txt")"
  result "SigV2 GetObject, wrong secret" "403 SignatureDoesNotMatch" \
    "$(with_code "$(S2_SECRET="wrong$sk" s2 GET "/$bucket/small.txt" "$ep/$bucket/small.txt")")"
  result "SigV2 PutObject" 200 "$(s2 PUT "/$bucket/v2.txt" -T "$TMP/small" "$ep/$bucket/v2.txt")"

  local hp=${ep#http://}
  result "presigned SigV4 GetObject" 200 "$(get "$(presign4 "$ak" "$sk" "$hp" "/$bucket/small.txt" 300)")"
  result "  body round-trips" same "$(cmp -s "$TMP/body" "$TMP/small" && echo same || echo different)"
  result "presigned SigV4 GetObject, expired" "403 AccessDenied" \
    "$(get "$(presign4 "$ak" "$sk" "$hp" "/$bucket/small.txt" 60 $(($(date +%s) - 3600)))")"
  result "presigned SigV4 GetObject, wrong secret" "403 SignatureDoesNotMatch" \
    "$(get "$(presign4 "$ak" "wrong$sk" "$hp" "/$bucket/small.txt" 300)")"
  result "presigned SigV2 GetObject" 200 "$(get "$(presign2 "$ak" "$sk" "$hp" "/$bucket/small.txt" $(($(date +%s) + 300)))")"
  result "presigned SigV2 GetObject, expired" "403 AccessDenied" \
    "$(get "$(presign2 "$ak" "$sk" "$hp" "/$bucket/small.txt" $(($(date +%s) - 60)))")"

  result "anonymous GetObject (private)" "$anon_private" "$(anon "$ep/$bucket/small.txt")"
  result "SigV4 PutObject x-amz-acl: public-read" 200 "$(s4 "$h" -H 'x-amz-acl: public-read' -T "$TMP/small" "$ep/$bucket/public.txt")"
  result "anonymous GetObject (public-read)" "$anon_public" "$(anon "$ep/$bucket/public.txt")"

  # 50 MiB multipart upload: 10 parts of 5 MiB
  head -c $((50 * 1024 * 1024)) /dev/urandom >"$TMP/big"
  result "SigV4 CreateMultipartUpload" 200 "$(s4 $EMPTY -X POST "$ep/$bucket/big.bin?uploads=")"
  local id; id=$(sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p' "$TMP/body")
  local parts="" i status ok=200 etag
  for i in $(seq 1 10); do
    dd if="$TMP/big" of="$TMP/part" bs=1M skip=$(((i - 1) * 5)) count=5 status=none
    h=$(sha256sum "$TMP/part" | cut -d' ' -f1)
    status=$(s4 "$h" -D "$TMP/hdr" -T "$TMP/part" "$ep/$bucket/big.bin?partNumber=$i&uploadId=$id")
    [[ $status == 200 ]] || ok=$status
    etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$TMP/hdr" | tr -d '\r')
    parts+="<Part><PartNumber>$i</PartNumber><ETag>$etag</ETag></Part>"
  done
  result "SigV4 UploadPart x10 (5 MiB each)" 200 "$ok"
  printf '<CompleteMultipartUpload>%s</CompleteMultipartUpload>' "$parts" >"$TMP/complete.xml"
  h=$(sha256sum "$TMP/complete.xml" | cut -d' ' -f1)
  result "SigV4 CompleteMultipartUpload" 200 "$(s4 "$h" -X POST --data-binary @"$TMP/complete.xml" "$ep/$bucket/big.bin?uploadId=$id")"
  result "  response is CompleteMultipartUploadResult" yes "$(grep -q CompleteMultipartUploadResult "$TMP/body" && echo yes || echo no)"
  result "SigV4 GetObject 50 MiB" 200 "$(s4 $EMPTY "$ep/$bucket/big.bin")"
  result "  body round-trips" same "$(cmp -s "$TMP/body" "$TMP/big" && echo same || echo different)"

  # a non-last part below 5 MiB is refused when the upload is completed
  s4 $EMPTY -X POST "$ep/$bucket/small-parts.bin?uploads=" >/dev/null
  id=$(sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p' "$TMP/body")
  head -c $((1024 * 1024)) /dev/urandom >"$TMP/part"; h=$(sha256sum "$TMP/part" | cut -d' ' -f1)
  parts=""
  for i in 1 2; do
    s4 "$h" -D "$TMP/hdr" -T "$TMP/part" "$ep/$bucket/small-parts.bin?partNumber=$i&uploadId=$id" >/dev/null
    etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$TMP/hdr" | tr -d '\r')
    parts+="<Part><PartNumber>$i</PartNumber><ETag>$etag</ETag></Part>"
  done
  printf '<CompleteMultipartUpload>%s</CompleteMultipartUpload>' "$parts" >"$TMP/complete.xml"
  h=$(sha256sum "$TMP/complete.xml" | cut -d' ' -f1)
  status=$(s4 "$h" -X POST --data-binary @"$TMP/complete.xml" "$ep/$bucket/small-parts.bin?uploadId=$id")
  result "CompleteMultipartUpload with 1 MiB parts" "400 EntityTooSmall" "$(with_code "$status")"
  s4 $EMPTY -X DELETE "$ep/$bucket/small-parts.bin?uploadId=$id" >/dev/null

  # clean up
  for k in small.txt v2.txt public.txt big.bin; do s4 $EMPTY -X DELETE "$ep/$bucket/$k" >/dev/null; done
  result "SigV4 DeleteBucket" 204 "$(s4 $EMPTY -X DELETE "$ep/$bucket")"
}

which=${1:-all}
if [[ $which == all || $which == rgw ]]; then
  check_server "Ceph RADOS Gateway" "${SIGNING_TEST_RGW_ENDPOINT:-http://127.0.0.1:17480}" \
    "${SIGNING_TEST_RGW_ACCESS_KEY:-AKIAIOSFODNN7EXAMPLE}" \
    "${SIGNING_TEST_RGW_SECRET_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}" \
    "403 SignatureDoesNotMatch" "403 AccessDenied" 200 "400 XAmzContentSHA256Mismatch" 200
fi
if [[ $which == all || $which == swift ]]; then
  check_server "Swift s3api" "${SIGNING_TEST_SWIFT_ENDPOINT:-http://127.0.0.1:16080}" \
    "${SIGNING_TEST_SWIFT_ACCESS_KEY:-test:tester}" \
    "${SIGNING_TEST_SWIFT_SECRET_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}" \
    "400 InvalidRequest" 400 400 "400 BadDigest" "400 AuthorizationHeaderMalformed"   # unsigned requests are not S3 to s3api: Swift answers 400 (HTML)
fi
((failures == 0)) && echo "all checks passed" || { echo "$failures check(s) failed"; exit 1; }
