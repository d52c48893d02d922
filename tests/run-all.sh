#!/usr/bin/env bash
# Runs every test of the solution: the README's test command and what .ci/run calls.
# Starts the real S3 servers the integration tests use when tests/servers/start-all.sh exists
# and can run here (root on Debian/Ubuntu), and installs the browser test's Chromium
# (tests/browser/install.sh); under CI=true a server that cannot start is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -x tests/servers/start-all.sh ]]; then
  tests/servers/start-all.sh
  if [[ -f tests/servers/.env ]]; then
    set -a; source tests/servers/.env; set +a
  fi
fi

# Debian's chromium and chromium-driver for the browser test (same rule: fatal under CI=true).
if [[ -x tests/browser/install.sh ]]; then
  tests/browser/install.sh
fi

log=$(mktemp)
status=0
dotnet test Signing.sln -c Release 2>&1 | tee "$log" || status=$?
# One plain closing line summing every test assembly: "tests: N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [[ $status -ne 0 || $passed -eq 0 ]]; then
  exit 1
fi
