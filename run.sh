#!/usr/bin/env bash
# Runs TicketBottle locally on a fresh Debian machine with the .NET SDK: installs what is missing
# (tools/prerequisites.sh), then starts the data stores, a Kafka mock cluster, the six gRPC services on
# 127.0.0.1:5001-5006, the Gateway on 8080 and the functions on 3000, with a demo on-sale (tools/LocalRun).
# ./run.sh demo plays a purchase against it.
set -euo pipefail
cd "$(dirname "$0")"
source tools/prerequisites.sh
exec dotnet run -c Release --project tools/LocalRun -- "$@"
