#!/usr/bin/env bash
# Adds an EF Core migration to a service: scripts/add-migration.sh Directives AddTasks
# Design time needs no servers; the connection strings only have to be present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
service=${1:?usage: scripts/add-migration.sh SERVICE NAME}
name=${2:?usage: scripts/add-migration.sh SERVICE NAME}
cd "$root"
dotnet tool restore >/dev/null
export ConnectionStrings__database="Host=127.0.0.1;Database=design" \
       ConnectionStrings__rabbitmq="amqp://127.0.0.1/" \
       ConnectionStrings__redis="127.0.0.1"
dotnet ef migrations add "$name" --project "services/$service" --output-dir Data/Migrations
