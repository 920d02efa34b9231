#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; Playwright's own browser download is never used.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Debian's chromium at $CHROMIUM." >&2
echo "Install it with: sudo apt-get install chromium" >&2
exit 1
