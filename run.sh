#!/usr/bin/env bash
# Runs TicketBottle's core services locally on a fresh Debian machine with the .NET SDK: installs PostgreSQL and Redis
# if missing, then starts them, a Kafka mock cluster and the services on 127.0.0.1:5001-5005 with a demo event.
set -euo pipefail
cd "$(dirname "$0")"
source tools/prerequisites.sh
exec dotnet run -c Release --project tools/LocalRun -- "$@"
