#!/usr/bin/env bash
# Installs what running or testing TicketBottle needs on a fresh Debian machine with the .NET SDK: PostgreSQL, Redis,
# poppler (tests read PDFs), Node.js (s3rver, dynalite and maildev from tools/local-aws), kubectl (its Kustomize builds
# deploy/k8s in the tests), Chromium (the browser tests drive it through Playwright). Sourced by test.sh and run.sh.
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v kubectl >/dev/null 2>&1 || missing+=(kubectl)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -f tools/local-aws/package-lock.json ] && { [ ! -x tools/local-aws/node_modules/.bin/s3rver ] || [ ! -x tools/local-aws/node_modules/.bin/maildev ]; }; then
  (cd tools/local-aws && npm ci --no-audit --no-fund --loglevel=error)
fi
