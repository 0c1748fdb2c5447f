#!/usr/bin/env bash
# Runs every TicketBottle test on a fresh Debian machine with the .NET SDK: installs the local stand-ins the
# integration tests start themselves (tools/prerequisites.sh), restores, builds, then runs two tiers:
#   unit tier        tests/*.UnitTests: no servers, a few seconds; first, so a broken rule fails fast
#   integration tier every other test project: real PostgreSQL, Redis, dynalite, s3rver, SMTP, Kafka mock, the platform
# ./test.sh unit runs the unit tier alone (no installs).
set -euo pipefail
cd "$(dirname "$0")"

tier=${1:-all}
[ "$tier" = unit ] || source tools/prerequisites.sh

dotnet restore TicketBottle.sln
dotnet build TicketBottle.sln --no-restore -c Release

# A solution filter per tier, so each tier is one `dotnet test` that runs its projects side by side.
filters=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$filters" "$log"' EXIT
solution_filter() {
  local name=$1; shift
  printf '{"solution":{"path":"%s","projects":[%s]}}' "$PWD/TicketBottle.sln" "$(printf '"%s",' "$@" | sed 's/,$//')" > "$filters/$name.slnf"
}
solution_filter unit tests/*.UnitTests/*.csproj
solution_filter integration $(ls tests/*/*.csproj | grep -v '\.UnitTests/')

status=0
set +e
SECONDS=0
dotnet test "$filters/unit.slnf" --no-build -c Release 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
echo "Unit tier: ${SECONDS} s"
if [ "$tier" != unit ]; then
  dotnet test "$filters/integration.slnf" --no-build -c Release 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi
set -e
# One closing line over all test projects ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..." per project).
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
