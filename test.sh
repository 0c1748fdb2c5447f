#!/usr/bin/env bash
# Runs every TicketBottle test on a fresh Debian machine with the .NET SDK: installs the local stand-ins the
# integration tests start themselves (PostgreSQL, Redis, poppler for reading PDFs, s3rver/dynalite via npm),
# restores, builds and tests.
set -euo pipefail
cd "$(dirname "$0")"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for dir in tests/local-aws; do
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

dotnet restore TicketBottle.sln
dotnet build TicketBottle.sln --no-restore -c Release
log=$(mktemp)
set +e
dotnet test TicketBottle.sln --no-build -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..." per project).
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
