#!/usr/bin/env bash
# Lists and re-queues the messages a consumer gave up on. After its retries, MassTransit moves a
# failed message to "<queue>_error" with the exception in its headers (MT-Fault-*). Through the
# RabbitMQ management HTTP API:
#
#   scripts/error-queue.sh list                      every *_error queue with its message count
#   scripts/error-queue.sh list QUEUE_error [N]      the first N (default 20) messages: id, type, exception
#   scripts/error-queue.sh requeue QUEUE_error [N]   move N (default all) messages back to QUEUE, fault headers removed
#
# Options (before the command): --profile run|test|chaos (default run: reads .local/<profile>/env),
# --vhost V (default /). NGHEAN_RABBITMQ_MANAGEMENT_URL, NGHEAN_RABBITMQ_USER and
# NGHEAN_RABBITMQ_PASSWORD override the profile (e.g. a production broker's management API).
# Fix the consumer first: a re-queued message that fails again comes back to the error queue.
# Each message is written to .local/error-queue/ before it leaves the error queue, so none is
# lost if the script dies half-way; it is put back in the error queue if it cannot be re-queued.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
profile=run
vhost=/

die() {
  echo "error-queue: $*" >&2
  exit 1
}
usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --profile) profile=${2:?}; shift 2 ;;
    --vhost) vhost=${2:?}; shift 2 ;;
    -h | --help) usage ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || usage
command -v jq >/dev/null || die "jq is needed (apt-get install -y jq)"

if [[ -z ${NGHEAN_RABBITMQ_MANAGEMENT_URL:-} ]]; then
  env_file=$root/.local/$profile/env
  [[ -f $env_file ]] || die "$env_file not found: start the servers (scripts/servers.sh start $profile) or set NGHEAN_RABBITMQ_MANAGEMENT_URL"
  set -a
  # shellcheck disable=SC1090
  source "$env_file"
  set +a
fi
api=${NGHEAN_RABBITMQ_MANAGEMENT_URL%/}/api
auth=${NGHEAN_RABBITMQ_USER:-guest}:${NGHEAN_RABBITMQ_PASSWORD:-guest}
vh=$(jq -rn --arg v "$vhost" '$v|@uri')

# curl METHOD PATH [JSON BODY]: prints the response, fails on an HTTP error.
call() {
  local method=$1 path=$2 body=${3:-}
  if [[ -n $body ]]; then
    curl -sS --fail-with-body -u "$auth" -X "$method" -H 'content-type: application/json' --data-binary "$body" "$api$path"
  else
    curl -sS --fail-with-body -u "$auth" -X "$method" "$api$path"
  fi
}

queue_path() { echo "/queues/$vh/$(jq -rn --arg q "$1" '$q|@uri')"; }

list_queues() {
  call GET "/queues/$vh?columns=name,messages" |
    jq -r '.[] | select(.name | endswith("_error")) | "\(.messages // 0)\t\(.name)"' |
    { printf 'MESSAGES\tQUEUE\n'; cat; }
}

list_messages() {
  local queue=$1 count=${2:-20}
  call GET "$(queue_path "$queue")" >/dev/null || die "no queue '$queue' in vhost '$vhost'"
  # ack_requeue_true: the messages stay in the queue.
  call POST "$(queue_path "$queue")/get" "{\"count\":$count,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":4000}" |
    jq -r '.[] | .properties as $p | ($p.headers // {}) as $h |
      "message \($p.message_id // "-")  type \($h["MT-Fault-MessageType"] // $p.type // "-")\n  failed  \($h["MT-Fault-Timestamp"] // "-") on \($h["MT-Host-MachineName"] // "-")\n  error   \($h["MT-Fault-ExceptionType"] // "-"): \($h["MT-Fault-Message"] // "-")\n"'
}

requeue() {
  local queue=$1 limit=${2:-0} target spool moved=0 message body routed
  [[ $queue == *_error ]] || die "'$queue' is not an error queue (<queue>_error)"
  target=${queue%_error}
  call GET "$(queue_path "$queue")" >/dev/null || die "no queue '$queue' in vhost '$vhost'"
  call GET "$(queue_path "$target")" >/dev/null || die "no queue '$target' to move messages back to"
  spool=$root/.local/error-queue/$(date -u +%Y%m%dT%H%M%SZ)-$target
  mkdir -p "$spool"
  while ((limit == 0 || moved < limit)); do
    message=$(call POST "$(queue_path "$queue")/get" '{"count":1,"ackmode":"ack_requeue_false","encoding":"base64"}' | jq -c '.[0] // empty')
    [[ -n $message ]] || break
    printf '%s\n' "$message" >"$spool/$moved.json"
    body=$(jq -c --arg rk "$target" '{
        routing_key: $rk, payload: .payload, payload_encoding: "base64",
        properties: (.properties | .headers = ((.headers // {}) | with_entries(select(.key | test("^MT-(Fault|Reason|Host)") | not))))
      }' <<<"$message")
    routed=$(call POST "/exchanges/$vh/amq.default/publish" "$body" | jq -r '.routed' || echo false)
    if [[ $routed != true ]]; then
      # Put it back where it was: it must not be lost.
      call POST "/exchanges/$vh/amq.default/publish" "$(jq -c --arg rk "$queue" '.routing_key = $rk' <<<"$body")" >/dev/null ||
        die "could not re-queue or put back a message; it is saved in $spool/$moved.json"
      die "could not re-queue a message to '$target'; it is back in '$queue'"
    fi
    moved=$((moved + 1))
  done
  echo "re-queued $moved message(s) from $queue to $target (copies in $spool)"
}

case $1 in
  list)
    if [[ $# -ge 2 ]]; then list_messages "$2" "${3:-20}"; else list_queues; fi
    ;;
  requeue)
    [[ $# -ge 2 ]] || usage
    requeue "$2" "${3:-0}"
    ;;
  *) usage ;;
esac
