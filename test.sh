#!/usr/bin/env bash
# Runs every TicketBottle test on a fresh Debian machine with the .NET SDK: installs the local stand-ins the
# integration tests start themselves (tools/prerequisites.sh), restores, builds and tests.
set -euo pipefail
cd "$(dirname "$0")"

source tools/prerequisites.sh

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
