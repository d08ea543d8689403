#!/usr/bin/env bash
# Runs the whole platform locally: installs what is missing, starts PostgreSQL, RabbitMQ and Redis
# (profile "run", data in .local/run), builds, and starts the Aspire AppHost with the four services,
# the gateway and the dashboard. Ctrl+C or SIGTERM stops everything this script started.
#
#   NGHEAN_GATEWAY_HTTP_PORT (default 5080)  gateway, HTTP/1.1 (JSON)
#   NGHEAN_GATEWAY_GRPC_PORT (default 5081)  gateway, HTTP/2 cleartext (gRPC)
#   NGHEAN_DASHBOARD_PORT    (default 18888) Aspire dashboard (behind a login token: open the printed URL)
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
servers="$root/scripts/servers.sh"
gateway_http_port=${NGHEAN_GATEWAY_HTTP_PORT:-5080}
gateway_grpc_port=${NGHEAN_GATEWAY_GRPC_PORT:-5081}
dashboard_port=${NGHEAN_DASHBOARD_PORT:-18888}

"$servers" install

# Servers already running belong to someone else's session: leave them running on exit.
stop_servers=true
if "$servers" status run >/dev/null 2>&1; then stop_servers=false; fi
"$servers" start run

apphost_pid=
cleanup() {
  trap - INT TERM EXIT
  if [[ -n $apphost_pid ]] && kill -0 "$apphost_pid" 2>/dev/null; then
    echo "Stopping the platform..."
    kill -TERM "$apphost_pid" 2>/dev/null || true
    wait "$apphost_pid" 2>/dev/null || true
  fi
  if $stop_servers; then "$servers" stop run; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set -a
# shellcheck disable=SC1091
source "$root/.local/run/env"
set +a

echo "Building..."
dotnet build "$root/AppHost/NgheAn.AppHost.csproj" -c Debug --nologo -v quiet -clp:ErrorsOnly

# The AppHost's settings for local use: no TLS (no dev certificate here), fixed gateway ports.
# The dashboard (logs hold what the services log) wants its login token: a new one per run,
# printed below as a login URL; telemetry and the resource service get API keys from Aspire.
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export ASPNETCORE_URLS="http://localhost:$dashboard_port"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$((dashboard_port + 1))"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://localhost:$((dashboard_port + 2))"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN
export Gateway__HttpPort=$gateway_http_port Gateway__GrpcPort=$gateway_grpc_port

log="$root/.local/run/apphost.log"
echo "Starting the AppHost (log: $log)..."
dotnet "$root/AppHost/bin/Debug/net10.0/NgheAn.AppHost.dll" >"$log" 2>&1 &
apphost_pid=$!

gateway="http://localhost:$gateway_http_port"
for _ in $(seq 1 180); do
  if ! kill -0 "$apphost_pid" 2>/dev/null; then
    echo "The AppHost exited; see $log" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  if curl -fsS --max-time 2 "$gateway/health/ready" >/dev/null 2>&1; then
    echo "Dashboard: http://localhost:$dashboard_port/login?t=$ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"
    echo "Gateway: $gateway"
    echo "Gateway gRPC: http://localhost:$gateway_grpc_port"
    echo "Press Ctrl+C to stop."
    wait "$apphost_pid"
    exit $?
  fi
  sleep 1
done
echo "The gateway did not answer at $gateway within 180 s; see $log" >&2
exit 1
