#!/usr/bin/env bash
# Runs every test project of the solution against real servers: installs what is missing, starts
# PostgreSQL, RabbitMQ and Redis (profile "test", data in .local/test), builds, runs `dotnet test`
# on the solution, and ends with one line "N passed, N failed" over all test projects.
# Servers it started are stopped at the end; NGHEAN_KEEP_SERVERS=1 leaves them up for the next run.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
servers="$root/scripts/servers.sh"
results="$root/.local/test-results"

"$servers" install

stop_servers=true
if "$servers" status test >/dev/null 2>&1 || [[ ${NGHEAN_KEEP_SERVERS:-} == 1 ]]; then stop_servers=false; fi
"$servers" start test
trap '$stop_servers && "$servers" stop test >/dev/null' EXIT

set -a
# shellcheck disable=SC1091
source "$root/.local/test/env"
set +a

rm -rf "$results"
echo "Building..."
dotnet build "$root/NgheAn.Platform.sln" --nologo -v quiet -clp:ErrorsOnly

status=0
dotnet test "$root/NgheAn.Platform.sln" --no-build --nologo \
  --logger trx --results-directory "$results" || status=$?

# Add up the counters of every test project's TRX report.
passed=0 failed=0 projects=0
for report in "$results"/*.trx; do
  [[ -e $report ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$report" | head -n 1)
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
  projects=$((projects + 1))
done
expected=$(find "$root/tests" -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | wc -l)
if ((projects < expected)); then
  echo "Only $projects of $expected test projects reported results (a test host crashed?)." >&2
  failed=$((failed + expected - projects))
fi
if ((status != 0 && failed == 0)); then failed=1; fi

echo "$passed passed, $failed failed"
((failed == 0)) && exit 0 || exit 1
