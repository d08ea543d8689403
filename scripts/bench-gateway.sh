#!/usr/bin/env bash
# Gateway overhead benchmark: a cached read and a write made directly to the Directives service and
# the same calls through the gateway, JSON over HTTP/1.1 and gRPC over h2c, at fixed concurrency,
# Release builds, logging at Warning. Prints requests/s, p50, p99 and the gateway/direct ratio
# (bench/NgheAn.Gateway.Benchmarks), then, for comparison, the JSON read measured by wrk from
# outside the .NET process. A benchmark, not a test: not part of scripts/test.sh.
#
#   scripts/bench-gateway.sh [extra options for the load generator, e.g. --duration 20 --only read]
#
# It installs what is missing (servers, wrk), starts PostgreSQL/RabbitMQ/Redis (profile "test"),
# builds Release, starts the service and the gateway as plain processes on free loopback ports
# (own database and role bench_directives, recreated each run; own RabbitMQ vhost bench-gateway), runs the
# load, and stops everything it started. Environment:
#   NGHEAN_BENCH_CONCURRENCY (16), NGHEAN_BENCH_DURATION (10 s), NGHEAN_BENCH_WARMUP (5 s, per scenario and target, before any measurement),
#   NGHEAN_BENCH_WRK=0 skips the wrk comparison, NGHEAN_KEEP_SERVERS=1 leaves the servers running.
# shellcheck disable=SC2154 # ConnectionStrings__* and NGHEAN_* come from .local/test/env
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
servers="$root/scripts/servers.sh"
work="$root/.local/bench-gateway"
concurrency=${NGHEAN_BENCH_CONCURRENCY:-16}
duration=${NGHEAN_BENCH_DURATION:-10}
warmup=${NGHEAN_BENCH_WARMUP:-5}
database=bench_directives
vhost=bench-gateway
rate_subject=bench-gateway # the token's subject: its own rate-limit counter in the shared Redis

log() { printf '[bench] %s\n' "$*"; }
die() {
  printf '[bench] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------- install
"$servers" install
want=()
command -v curl >/dev/null || want+=(curl)
if [[ ${NGHEAN_BENCH_WRK:-1} != 0 ]] && ! command -v wrk >/dev/null; then want+=(wrk); fi
if ((${#want[@]} > 0)); then
  [[ $EUID -eq 0 ]] || die "missing: ${want[*]} (apt-get install -y ${want[*]} as root)"
  log "installing ${want[*]}"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${want[@]}" >/dev/null
fi

# ---------------------------------------------------------------- clean-up of what we start
pids=()
stop_servers=false
vhost_created=false
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in {1..50}; do [[ -d /proc/$pid ]] || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if $vhost_created; then
    curl -fsS -o /dev/null -u "$NGHEAN_RABBITMQ_USER:$NGHEAN_RABBITMQ_PASSWORD" -X DELETE \
      "$NGHEAN_RABBITMQ_MANAGEMENT_URL/api/vhosts/$vhost" || true
  fi
  if $stop_servers; then "$servers" stop test >/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers
if ! "$servers" status test >/dev/null 2>&1 && [[ ${NGHEAN_KEEP_SERVERS:-} != 1 ]]; then stop_servers=true; fi
"$servers" start test
set -a
# shellcheck disable=SC1091
source "$root/.local/test/env"
set +a
mkdir -p "$work"

# ---------------------------------------------------------------- build
log "building Release (Directives, gateway, load generator)"
for project in services/Directives/NgheAn.Directives.csproj gateway/NgheAn.Gateway.csproj \
  bench/NgheAn.Gateway.Benchmarks/NgheAn.Gateway.Benchmarks.csproj; do
  dotnet build "$root/$project" -c Release --nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; die "build of $project failed"; }
done
bin=net10.0
directives_dll=$root/services/Directives/bin/Release/$bin/NgheAn.Directives.dll
gateway_dll=$root/gateway/bin/Release/$bin/NgheAn.Gateway.dll
bench_dll=$root/bench/NgheAn.Gateway.Benchmarks/bin/Release/$bin/NgheAn.Gateway.Benchmarks.dll

# ---------------------------------------------------------------- database and vhost of our own
pg_user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$ConnectionStrings__postgres")
PGPASSWORD=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$ConnectionStrings__postgres")
export PGPASSWORD
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$NGHEAN_POSTGRES_PORT" -U "$pg_user" "$@"; }
log "recreating database $database"
# Owned by a role of the same name, as the AppHost gives each service (AppHost/ServiceDatabases.cs).
db_password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
psql_admin -d postgres <<SQL
DROP DATABASE IF EXISTS $database WITH (FORCE);
DROP ROLE IF EXISTS $database;
CREATE ROLE $database LOGIN PASSWORD '$db_password';
CREATE DATABASE $database OWNER $database;
REVOKE ALL ON DATABASE $database FROM PUBLIC;
SQL

# The services' user (not the administrator) in the broker URI gets the vhost.
rabbitmq=$ConnectionStrings__rabbitmq
service_user=$(sed -n 's|^amqp://\([^:@]*\).*|\1|p' <<<"$rabbitmq")
if curl -fsS -o /dev/null -u "$NGHEAN_RABBITMQ_USER:$NGHEAN_RABBITMQ_PASSWORD" -X PUT \
  "$NGHEAN_RABBITMQ_MANAGEMENT_URL/api/vhosts/$vhost"; then
  vhost_created=true
  curl -fsS -o /dev/null -u "$NGHEAN_RABBITMQ_USER:$NGHEAN_RABBITMQ_PASSWORD" -X PUT \
    -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
    "$NGHEAN_RABBITMQ_MANAGEMENT_URL/api/permissions/$vhost/$service_user"
  rabbitmq="${rabbitmq%/}/$vhost"
else
  log "WARNING: could not create RabbitMQ vhost $vhost; using the default vhost"
fi

# ---------------------------------------------------------------- ports
# The first port from $1 up that nothing answers on (each next one is searched above the last).
free_port() {
  local p
  for ((p = $1; p < $1 + 200; p++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free port in $1-$(($1 + 199))"
}
d_http=$(free_port 58080)
d_grpc=$(free_port $((d_http + 1)))
g_http=$(free_port $((d_grpc + 1)))
g_grpc=$(free_port $((g_http + 1)))

wait_ready() { # name port pid
  local deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null "http://127.0.0.1:$2/health/ready"; do
    [[ -d /proc/$3 ]] || { tail -n 40 "$work/$1.log" >&2; die "$1 exited; log: $work/$1.log"; }
    ((SECONDS < deadline)) || die "$1 not ready after 120 s; log: $work/$1.log"
    sleep 0.5
  done
}

common_env=(
  ASPNETCORE_ENVIRONMENT=Development # development tokens are accepted only in Development
  DOTNET_ENVIRONMENT=Development
  BIND_ADDRESS=127.0.0.1
  Logging__LogLevel__Default=Warning
  "ConnectionStrings__redis=$ConnectionStrings__redis"
  OTEL_EXPORTER_OTLP_ENDPOINT=
)

# ---------------------------------------------------------------- the service
log "starting Directives (JSON :$d_http, gRPC :$d_grpc)"
# From the output folder: the content root (appsettings.json, the gateway's routes) is the
# working directory.
(cd "${directives_dll%/*}" && exec env "${common_env[@]}" HTTP_PORT="$d_http" GRPC_PORT="$d_grpc" \
  "ConnectionStrings__database=Host=127.0.0.1;Port=$NGHEAN_POSTGRES_PORT;Username=$database;Password=$db_password;Database=$database" \
  "ConnectionStrings__rabbitmq=$rabbitmq" \
  dotnet "$directives_dll" >"$work/directives.log" 2>&1) &
pids+=($!)
wait_ready directives "$d_http" "${pids[-1]}"
# The service checks that a document's unit exists; CadreWork's events feed org_units, and
# CadreWork is not running here.
psql_admin -d "$database" -c "INSERT INTO org_units (id, name, level, parent_id, path, valid_from, valid_to, predecessor_ids)
  VALUES ('nghe-an', 'Đảng bộ tỉnh Nghệ An', 'Province', 'tw', 'tw/nghe-an', '1991-08-12', NULL, '{}') ON CONFLICT DO NOTHING"

# ---------------------------------------------------------------- the gateway
log "starting the gateway (JSON :$g_http, gRPC :$g_grpc)"
(cd "${gateway_dll%/*}" && exec env "${common_env[@]}" HTTP_PORT="$g_http" GRPC_PORT="$g_grpc" \
  "services__directives__grpc__0=http://127.0.0.1:$d_grpc" \
  RateLimits__PermitLimit=1000000000 RateLimits__Window=01:00:00 \
  dotnet "$gateway_dll" >"$work/gateway.log" 2>&1) &
pids+=($!)
wait_ready gateway "$g_http" "${pids[-1]}"

token=$(ASPNETCORE_ENVIRONMENT=Development dotnet "$gateway_dll" dev-token --role provincial-office --person "$rate_subject")

# ---------------------------------------------------------------- the load
log "running the load generator (the table follows)"
dotnet "$bench_dll" \
  --direct-http "http://127.0.0.1:$d_http" --direct-grpc "http://127.0.0.1:$d_grpc" \
  --gateway-http "http://127.0.0.1:$g_http" --gateway-grpc "http://127.0.0.1:$g_grpc" \
  --token "$token" --cpu "service=${pids[0]},gateway=${pids[1]}" --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" \
  "$@" | tee "$work/result.md"

# ---------------------------------------------------------------- wrk, from outside the process
if [[ ${NGHEAN_BENCH_WRK:-1} != 0 ]] && command -v wrk >/dev/null; then
  id=$(sed -n 's/^Cached read of document \([0-9a-f-]*\);.*/\1/p' "$work/result.md")
  if [[ -n $id ]]; then
    echo
    echo "wrk, cached read JSON (HTTP/1.1, $concurrency connections, 2 threads, ${duration} s; client outside the .NET process):"
    echo
    echo "| target | req/s | p50 | p99 |"
    echo "| --- | ---: | ---: | ---: |"
    for target in direct:$d_http gateway:$g_http; do
      wrk -t2 -c"$concurrency" -d"${duration}s" --latency -H "Authorization: Bearer $token" \
        "http://127.0.0.1:${target#*:}/v1/documents/$id" >"$work/wrk-${target%%:*}.txt" 2>&1 || true
      awk -v name="${target%%:*}" '
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /Non-2xx/ { bad = $NF }
        END { printf "| %s | %.0f | %s | %s |%s\n", name, rps, p50, p99, (bad ? " " bad " non-2xx" : "") }
      ' "$work/wrk-${target%%:*}.txt"
    done
  fi
fi
log "done; logs and results in $work"
