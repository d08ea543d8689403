#!/usr/bin/env bash
# Measures the messaging pipeline on this machine and prints a table (a benchmark, not a test):
#   - the raw broker: plain RabbitMQ.Client, persistent messages, publisher confirms, one queue;
#   - events/s through outbox -> relay -> RabbitMQ -> inbox (persistence and confirms throughout);
#   - p50/p99 from commit to the consumer's committed effect at a fixed offered rate (500/s).
# Uses servers of its own (profile "bench": PostgreSQL and RabbitMQ, nothing else shares them),
# started if needed and stopped afterwards unless they were running (or NGHEAN_KEEP_SERVERS=1).
# --quick runs smaller counts; --only raw|pipeline|stages|latency one part; --rate N the offered rate. Numbers depend on the machine's load: the table prints it.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
servers="$root/scripts/servers.sh"

"$servers" install >/dev/null
stop_servers=true
if "$servers" status bench >/dev/null 2>&1 || [[ ${NGHEAN_KEEP_SERVERS:-} == 1 ]]; then stop_servers=false; fi
"$servers" start bench postgres rabbitmq
trap '$stop_servers && "$servers" stop bench >/dev/null' EXIT

set -a
# shellcheck disable=SC1091
source "$root/.local/bench/env"
set +a
# The servers' pids, so the table can show the CPU each event costs them.
NGHEAN_BENCH_POSTGRES_PID=$(head -n1 "$root/.local/bench/postgres/data/postmaster.pid")
NGHEAN_BENCH_RABBITMQ_PID=$(cat "$root/.local/bench/rabbitmq/rabbitmq.pid")
export NGHEAN_BENCH_POSTGRES_PID NGHEAN_BENCH_RABBITMQ_PID

dotnet build "$root/bench/NgheAn.Messaging.Benchmarks" -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/NgheAn.Messaging.Benchmarks/bin/Release/net10.0/NgheAn.Messaging.Benchmarks.dll" "$@"
