#!/usr/bin/env bash
# Installs what the browser test (tests/Signing.Browser.Tests) drives: Debian's chromium and the
# chromedriver of the same version (chromium-driver), from the distribution's packages; no browser
# build is downloaded. Idempotent: nothing happens when both are there.
# - Not root, or no apt-get: prints why and exits 0, so the browser test reports itself skipped.
#   With CI=true that is an error instead (exit 1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../servers/common.sh"

BROWSER_PACKAGES=(chromium:chromium chromedriver:chromium-driver)
mapfile -t need < <(missing_packages "${BROWSER_PACKAGES[@]}")
((${#need[@]})) || exit 0

skip() {
  if [[ ${CI:-} == true ]]; then echo "ERROR: chromium not installed: $* (CI=true, so this is fatal)" >&2; exit 1; fi
  echo "chromium not installed: $*; the browser test will be skipped."
  exit 0
}
[[ $EUID -eq 0 ]] || skip "not running as root (apt-get install ${need[*]} needs it)"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get (the browser comes from Debian/Ubuntu packages)"

log "browser: installing ${need[*]}"
apt_install "${need[@]}"
