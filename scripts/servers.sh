#!/usr/bin/env bash
# Local PostgreSQL, RabbitMQ and Redis for NgheAn.Platform, from Debian packages, without
# Docker or systemd. Every file a server writes lives in <repo>/.local/<profile>/ (git-ignored).
#
#   scripts/servers.sh install            install missing Debian packages (+ npm tools in scripts/)
#   scripts/servers.sh start  [PROFILE [SERVER...]]  start the profile's servers (idempotent), write its env file
#   scripts/servers.sh stop   [PROFILE [SERVER...]]  stop them (stopping a stopped server is fine)
#   scripts/servers.sh status [PROFILE]  one line per server; exit 0 only if all three run
#   scripts/servers.sh env    [PROFILE]  print <repo>/.local/<profile>/env (KEY='VALUE' lines)
#   scripts/servers.sh rabbitmqctl PROFILE ARGS...  rabbitmqctl with the profile's node and cookie
#
# PROFILE is run (default), test, chaos, outage or bench; SERVER is postgres, rabbitmq or redis
# (default: all). The profiles use distinct ports so `run` (dev), `test` (tests), `chaos` (a private
# broker that fault-injection tests stop), `outage` (the private broker of the end-to-end
# broker-outage test: `start outage rabbitmq` / `stop outage rabbitmq`) and `bench`
# (scripts/bench-messaging.sh) can run side by side.
# NGHEAN_START_TIMEOUT (seconds, default 120) bounds how long `start` waits for readiness.
# NGHEAN_PORT_OFFSET (default 0) shifts every port of every profile: another copy of the repository
# on this machine can then run servers of its own beside the standard ones. The profiles lie 1000
# ports apart: take an offset that is no multiple of 1000 (e.g. 500), or one profile lands on another.
#
# Credentials, like production's in shape (every client authenticates, the services are no
# administrators), fixed per profile because these servers listen on loopback only and several
# work trees on one machine share them (production's come from Secrets, see k8s/):
#   PostgreSQL  nghean/nghean, superuser: tooling, tests and the AppHost, which creates each
#               service's own role and database (see AppHost/PlatformResources.cs)
#   RabbitMQ    nghean/nghean, administrator: management API, scripts/error-queue.sh, tests
#               services/services-PROFILE: no tags, configure/write/read on vhost / only
#               analyst/analyst-PROFILE: no tags, read on the stream nghean.events only
#   Redis       requirepass redis-PROFILE (a running Redis without it gets it on `start`)
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(dirname -- "$SCRIPT_DIR")
RABBIT_BIN=/usr/lib/rabbitmq/bin
DB_USER=nghean
DB_PASSWORD=nghean
ANALYST_USER=analyst
STREAM=nghean.events
START_TIMEOUT=${NGHEAN_START_TIMEOUT:-120}
PROFILE=
SERVERS=()

# ---------------------------------------------------------------- ports: the only place they live
# Chosen away from the defaults (5432/5672/6379/15672/5552/25672) and from each other's profile.
set_profile() {
  PROFILE=${1:-run}
  case $PROFILE in
    run)
      PG_PORT=55432 AMQP_PORT=55672 MGMT_PORT=55673 STREAM_PORT=55552 DIST_PORT=55679
      REDIS_PORT=56379
      ;;
    test)
      PG_PORT=56432 AMQP_PORT=56672 MGMT_PORT=56673 STREAM_PORT=56552 DIST_PORT=56679
      REDIS_PORT=57379
      ;;
    chaos)
      PG_PORT=58432 AMQP_PORT=58672 MGMT_PORT=58673 STREAM_PORT=58552 DIST_PORT=58679
      REDIS_PORT=59379
      ;;
    outage)
      PG_PORT=62432 AMQP_PORT=62672 MGMT_PORT=62673 STREAM_PORT=62552 DIST_PORT=62679
      REDIS_PORT=63379
      ;;
    bench)
      PG_PORT=60432 AMQP_PORT=60672 MGMT_PORT=60673 STREAM_PORT=60552 DIST_PORT=60679
      REDIS_PORT=61379
      ;;
    *) die "unknown profile '$PROFILE' (expected run, test, chaos, outage or bench)" ;;
  esac
  local offset=${NGHEAN_PORT_OFFSET:-0}
  [[ $offset =~ ^[0-9]+$ ]] || die "NGHEAN_PORT_OFFSET must be a number, got '$offset'"
  PG_PORT=$((PG_PORT + offset)) AMQP_PORT=$((AMQP_PORT + offset)) MGMT_PORT=$((MGMT_PORT + offset))
  STREAM_PORT=$((STREAM_PORT + offset)) DIST_PORT=$((DIST_PORT + offset)) REDIS_PORT=$((REDIS_PORT + offset))
  SERVICE_USER=services SERVICE_PASSWORD=services-$PROFILE
  ANALYST_PASSWORD=analyst-$PROFILE
  REDIS_PASSWORD=redis-$PROFILE
  # rabbitmqctl opens its own Erlang distribution port; the default range (35672-35682) is shared
  # by everything on the machine, so give each profile its own range next to the node's port.
  CTL_DIST_MIN=$((DIST_PORT + 1))
  CTL_DIST_MAX=$((DIST_PORT + 10))

  BASE=$REPO_ROOT/.local/$PROFILE
  ENV_FILE=$BASE/env
  PG_DIR=$BASE/postgres
  PG_DATA=$PG_DIR/data
  PG_SOCK=$PG_DIR/run
  PG_LOG=$PG_DIR/log/postgres.log
  RMQ_DIR=$BASE/rabbitmq
  # One epmd serves every node on the machine: names must differ across port offsets too.
  RMQ_NODE=nghean-$PROFILE${NGHEAN_PORT_OFFSET:+-$NGHEAN_PORT_OFFSET}@localhost
  RMQ_PID_FILE=$RMQ_DIR/rabbitmq.pid
  RMQ_LOG=$RMQ_DIR/log/$RMQ_NODE.log
  RMQ_STDOUT=$RMQ_DIR/log/stdout.log
  REDIS_DIR=$BASE/redis
  REDIS_PID_FILE=$REDIS_DIR/redis.pid
  REDIS_LOG=$REDIS_DIR/redis.log
  REDIS_CONF=$REDIS_DIR/redis.conf
}

# ---------------------------------------------------------------- helpers
log() { printf '[servers%s] %s\n' "${PROFILE:+ $PROFILE}" "$*"; }
warn() { printf '[servers%s] WARNING: %s\n' "${PROFILE:+ $PROFILE}" "$*" >&2; }
die() {
  printf '[servers%s] ERROR: %s\n' "${PROFILE:+ $PROFILE}" "$*" >&2
  exit 1
}

is_root() { [[ $EUID -eq 0 ]]; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when PID $1 is alive and its command line contains $2. Guards against a stale pid file
# whose PID now belongs to an unrelated process (common after kill -9 and a reboot).
# (Builtins only in these helpers: forks cost ~40 ms each on small VMs.)
pid_cmd_has() {
  local pid=$1 args=()
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || return 1
  [[ " ${args[*]} " == *"$2"* ]]
}

# True when PID $1 is alive and has the environment entry $2 (exact NAME=value). A zombie has an
# empty environment, so a crashed child does not count as alive.
pid_env_has() {
  local pid=$1 vars=() v
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/environ ]] || return 1
  mapfile -d '' vars 2>/dev/null <"/proc/$pid/environ" || return 1
  for v in "${vars[@]}"; do [[ $v == "$2" ]] && return 0; done
  return 1
}

# Prints the PID stored in file $1 (nothing if the file is missing); never fails.
read_pid() {
  local line=
  if [[ -s $1 ]]; then read -r line <"$1" || true; fi
  echo "${line//[!0-9]/}"
}

# True when PID $1 exists and is not a zombie (a dead child we have not reaped yet).
pid_alive() {
  local stat
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# Waits up to $2 seconds for PID $1 to exit.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.2; done
  [[ ! -d /proc/$pid ]]
}

remaining() {
  local left=$((DEADLINE - SECONDS))
  ((left > 1)) && echo "$left" || echo 1
}

# ---------------------------------------------------------------- install
# Highest installed PostgreSQL major version with a complete server, e.g. /usr/lib/postgresql/15/bin.
pg_latest_bindir() {
  local d best=
  while IFS= read -r d; do
    [[ -x $d/postgres && -x $d/initdb && -x $d/pg_ctl && -x $d/psql && -x $d/pg_isready ]] && best=$d
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
  [[ -n $best ]] && echo "$best"
}

missing_packages() {
  local pkgs=()
  if ! pg_latest_bindir >/dev/null; then pkgs+=(postgresql); fi
  if [[ ! -x $RABBIT_BIN/rabbitmq-server || ! -x $RABBIT_BIN/rabbitmqctl ]] || ! command -v epmd >/dev/null; then
    pkgs+=(rabbitmq-server)
  fi
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then pkgs+=(redis-server); fi
  # The RabbitMQ users are set through the management API.
  if ! command -v curl >/dev/null; then pkgs+=(curl); fi
  echo "${pkgs[*]}"
}

install_packages() {
  local missing
  missing=$(missing_packages)
  [[ -z $missing ]] && return 0
  if ! is_root; then
    die "missing Debian packages: $missing. Install them as root:
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $missing"
  fi
  log "installing Debian packages: $missing"
  # The lock timeout lets this wait for another apt run instead of failing at once.
  apt-get -o DPkg::Lock::Timeout=300 update
  # shellcheck disable=SC2086 # $missing is a space-separated package list
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y $missing
  missing=$(missing_packages)
  [[ -z $missing ]] || die "still missing after apt-get install: $missing"
}

install_npm_tools() {
  local dir=$SCRIPT_DIR stamp=$SCRIPT_DIR/node_modules/.package-lock.json
  [[ -f $dir/package-lock.json ]] || return 0
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    warn "node/npm not found: skipping npm tools (buf); install nodejs and npm to get them"
    return 0
  fi
  # npm writes node_modules/.package-lock.json on every install: use it as the "installed" stamp.
  if [[ -f $stamp && ! $dir/package-lock.json -nt $stamp ]]; then return 0; fi
  log "installing npm tools into scripts/node_modules (npm ci)"
  npm ci --prefix "$dir" --no-audit --no-fund
  touch "$stamp"
}

cmd_install() {
  install_packages
  install_npm_tools
  log "install: everything is present"
}

# ---------------------------------------------------------------- PostgreSQL
# Runs a PostgreSQL tool as the cluster owner: initdb/postgres refuse to run as root.
as_pg() {
  if is_root; then
    # cd first: the tools complain when they cannot read the current directory (e.g. /root).
    (cd "$PG_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

# Sets PG_BIN to the binaries matching an existing cluster's major version, else to the newest
# installed ones. Returns 1 (reason in PG_BIN_ERROR) when there are none.
pg_set_bindir() {
  local v
  if [[ -s $PG_DATA/PG_VERSION ]]; then
    v=$(<"$PG_DATA/PG_VERSION")
    PG_BIN=/usr/lib/postgresql/$v/bin
    PG_BIN_ERROR="$PG_DATA was created by PostgreSQL $v, which is not installed (apt-get install postgresql-$v, or delete $PG_DIR to start over)"
    [[ -x $PG_BIN/postgres ]]
  else
    PG_BIN_ERROR="no PostgreSQL server installed (run: scripts/servers.sh install)"
    PG_BIN=$(pg_latest_bindir)
  fi
}

pg_pid() { read_pid "$PG_DATA/postmaster.pid"; }

# The postmaster keeps "-D <data dir>" on its command line.
pg_running() { pid_cmd_has "$(pg_pid)" "$PG_DATA"; }

# After a crash or kill -9: remove the stale pid/socket lock files (PostgreSQL refuses to start if
# their PID was reused) and stop orphaned backends that still hold the shared memory.
pg_clean_stale() {
  local p
  if [[ -e $PG_DATA/postmaster.pid ]]; then
    log "postgres: removing stale pid file (pid $(pg_pid) is not a live postgres of this profile)"
    for p in /proc/[0-9]*; do
      [[ $(readlink "$p/cwd" 2>/dev/null) == "$PG_DATA" ]] || continue
      log "postgres: stopping orphaned backend ${p#/proc/}"
      kill -KILL "${p#/proc/}" 2>/dev/null || true
    done
    rm -f "$PG_DATA/postmaster.pid"
  fi
  rm -f "$PG_SOCK/.s.PGSQL.$PG_PORT" "$PG_SOCK/.s.PGSQL.$PG_PORT.lock"
}

pg_init() {
  if [[ -e $PG_DATA ]]; then
    # No PG_VERSION: an interrupted initdb. Nothing worth keeping.
    warn "postgres: $PG_DATA is not a complete cluster; recreating it"
    rm -rf "$PG_DATA"
  fi
  log "postgres: initialising a new cluster in $PG_DATA"
  # C.UTF-8 always exists on Debian; relying on $LANG fails when that locale is not generated.
  # Unix-socket logins are trusted (the socket directory is private to the cluster owner);
  # TCP logins need a password.
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/log/initdb.log" 2>&1 ||
    die "postgres: initdb failed; read $PG_DIR/log/initdb.log"
  # Our settings live in a file we rewrite on each start, so the port table stays authoritative.
  printf "\n# Settings managed by scripts/servers.sh (rewritten on every start)\ninclude 'nghean.conf'\n" \
    >>"$PG_DATA/postgresql.conf"
}

pg_write_conf() {
  local sock=${PG_SOCK//\'/\'\'}
  cat >"$PG_DATA/nghean.conf" <<EOF
# Written by scripts/servers.sh on every start: edits here are overwritten.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sock'
max_connections = 300
fsync = on
EOF
  if is_root; then chown postgres:postgres "$PG_DATA/nghean.conf"; fi
}

pg_start() {
  mkdir -p "$PG_DIR/log" "$PG_SOCK"
  chmod 700 "$PG_SOCK"
  if is_root; then chown postgres:postgres "$PG_DIR" "$PG_DIR/log" "$PG_SOCK"; fi
  pg_set_bindir || die "postgres: $PG_BIN_ERROR"
  PG_FOREIGN=
  if pg_running; then
    log "postgres: already running (pid $(pg_pid), port $PG_PORT)"
    return 0
  fi
  if port_open "$PG_PORT"; then
    warn "postgres: port $PG_PORT answers but not from $PG_DATA; leaving it alone"
    PG_FOREIGN=1
    return 0
  fi
  pg_clean_stale
  [[ -s $PG_DATA/PG_VERSION ]] || pg_init
  pg_write_conf
  log "postgres: starting on 127.0.0.1:$PG_PORT ($("$PG_BIN/postgres" --version))"
  # 9>&-: the server must not inherit (and keep) our profile lock.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$(remaining)" start >/dev/null 9>&- ||
    die "postgres did not start; read $PG_LOG"
}

pg_wait_ready() {
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do
    ((SECONDS < DEADLINE)) || die "postgres not ready on port $PG_PORT after ${START_TIMEOUT}s; read $PG_LOG"
    sleep 0.2
  done
}

# Creates the application superuser (and its same-named database, which Npgsql uses when a
# connection string names no database) if missing. Runs on every start: cheap and self-healing.
pg_ensure_role() {
  [[ -z ${PG_FOREIGN:-} ]] || return 0
  as_pg "$PG_BIN/psql" -X -q -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    >/dev/null <<SQL || die "postgres: could not create role $DB_USER; read $PG_LOG"
SELECT format('CREATE ROLE %I LOGIN SUPERUSER PASSWORD %L', '$DB_USER', '$DB_PASSWORD')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$DB_USER', '$DB_USER')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_USER') \gexec
SQL
}

pg_stop() {
  if ! pg_running; then
    log "postgres: not running"
    return 0
  fi
  pg_set_bindir || die "postgres: $PG_BIN_ERROR"
  log "postgres: stopping (pid $(pg_pid))"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
    die "postgres: pg_ctl stop failed; read $PG_LOG"
}

# ---------------------------------------------------------------- RabbitMQ
# The environment shared by the broker and its CLI tools. HOME is per profile so the Erlang
# cookie (~/.erlang.cookie, created on first boot) is private to the profile and always the one
# rabbitmqctl reads. /etc/rabbitmq is bypassed entirely.
rmq_export_env() {
  export HOME=$RMQ_DIR/home
  export RABBITMQ_NODENAME=$RMQ_NODE
  export RABBITMQ_BASE=$RMQ_DIR
  export RABBITMQ_MNESIA_BASE=$RMQ_DIR/mnesia
  export RABBITMQ_LOG_BASE=$RMQ_DIR/log
  export RABBITMQ_CONFIG_FILE=$RMQ_DIR/rabbitmq.conf
  export RABBITMQ_ADVANCED_CONFIG_FILE=$RMQ_DIR/advanced.config
  export RABBITMQ_CONF_ENV_FILE=$RMQ_DIR/rabbitmq-env.conf
  export RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_DIR/enabled_plugins
  export RABBITMQ_PID_FILE=$RMQ_PID_FILE
  export RABBITMQ_DIST_PORT=$DIST_PORT
  export RABBITMQ_CTL_DIST_PORT_MIN=$CTL_DIST_MIN
  export RABBITMQ_CTL_DIST_PORT_MAX=$CTL_DIST_MAX
  # epmd (started by the first node) and Erlang distribution listen on loopback only.
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  export RABBITMQ_CTL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  export ERL_CRASH_DUMP=$RMQ_DIR/log/erl_crash.dump
}

# Runs a RabbitMQ CLI tool (rabbitmqctl, rabbitmq-plugins, ...) with this profile's environment,
# killed after $1 seconds (a wedged node must not hang the script).
rmq_tool() {
  local secs=$1 tool=$2
  shift 2
  (rmq_export_env && exec timeout "$secs" "$RABBIT_BIN/$tool" "$@" 9>&-)
}

rmq_pid() { read_pid "$RMQ_PID_FILE"; }

# Identifies our broker by its environment: Erlang's command line does not name the node.
rmq_is_ours() { pid_env_has "$1" "RABBITMQ_MNESIA_BASE=$RMQ_DIR/mnesia"; }
rmq_running() { rmq_is_ours "$(rmq_pid)"; }

rmq_write_conf() {
  cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
# Written by scripts/servers.sh on every start: edits here are overwritten.
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
stream.listeners.tcp.1 = 127.0.0.1:$STREAM_PORT
stream.advertised_host = 127.0.0.1
stream.advertised_port = $STREAM_PORT
# The default user may connect from anywhere (here: loopback only anyway).
loopback_users = none
# The default user/vhost are created on the first boot only (empty database).
default_vhost = /
default_user = $DB_USER
default_pass = $DB_PASSWORD
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.console = false
log.file.level = info
EOF
  # Present but empty: keeps rabbitmq-env from reading /etc/rabbitmq/rabbitmq-env.conf.
  [[ -f $RMQ_DIR/rabbitmq-env.conf ]] || echo '# Intentionally empty (see scripts/servers.sh).' >"$RMQ_DIR/rabbitmq-env.conf"
  local plugins=$RMQ_DIR/enabled_plugins
  if [[ ! -s $plugins ]]; then
    # The same file `rabbitmq-plugins enable --offline` writes, without its 2 s VM start.
    echo '[rabbitmq_management,rabbitmq_stream].' >"$plugins"
  elif ! grep -q 'rabbitmq_management\b' "$plugins" || ! grep -q 'rabbitmq_stream\b' "$plugins"; then
    # Keep any plugin someone added; just make sure ours are in.
    rmq_tool 60 rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_stream >/dev/null
  fi
}

rmq_start() {
  mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  chmod 700 "$RMQ_DIR/home"
  if rmq_running; then
    log "rabbitmq: already running (pid $(rmq_pid), node $RMQ_NODE, amqp port $AMQP_PORT)"
    RMQ_STARTED=
    return 0
  fi
  if port_open "$AMQP_PORT"; then
    warn "rabbitmq: port $AMQP_PORT answers but not from $RMQ_DIR; leaving it alone"
    RMQ_STARTED=
    return 0
  fi
  if [[ -e $RMQ_PID_FILE ]]; then
    log "rabbitmq: removing stale pid file (pid $(rmq_pid) is not a live broker of this profile)"
    rm -f "$RMQ_PID_FILE"
  fi
  rmq_write_conf
  log "rabbitmq: starting node $RMQ_NODE on 127.0.0.1:$AMQP_PORT (management $MGMT_PORT, stream $STREAM_PORT)"
  printf '\n==== %s start\n' "$(date -Is)" >>"$RMQ_STDOUT"
  # setsid: the broker must not share our session (Ctrl-C or a closed terminal would reach it).
  # $! is the rabbitmq-server shell wrapper; the Erlang VM (PID in the pid file) is its child.
  (rmq_export_env && cd "$RMQ_DIR" && exec setsid "$RABBIT_BIN/rabbitmq-server") \
    </dev/null >>"$RMQ_STDOUT" 2>&1 9>&- &
  RMQ_STARTED=$!
}

rmq_wait_ready() {
  local pid=${RMQ_STARTED:-} hint="read $RMQ_LOG and $RMQ_STDOUT"
  if [[ -z $pid ]]; then
    # Already running: all listeners up means the boot has finished; skip the slow CLI call.
    if port_open "$AMQP_PORT" && port_open "$MGMT_PORT" && port_open "$STREAM_PORT"; then return 0; fi
    pid=$(rmq_pid)
  fi
  until port_open "$AMQP_PORT"; do
    [[ -z $pid ]] || pid_alive "$pid" || die "rabbitmq exited during startup; $hint"
    ((SECONDS < DEADLINE)) || die "rabbitmq: port $AMQP_PORT not open after ${START_TIMEOUT}s; $hint"
    sleep 0.3
  done
  # The AMQP port opens shortly before the boot completes (plugins, default user); and
  # `rabbitmq-diagnostics ping` answers even earlier. await_startup is the reliable signal.
  rmq_tool "$(remaining)" rabbitmqctl -n "$RMQ_NODE" -q await_startup --timeout "$(remaining)" >/dev/null ||
    die "rabbitmq: await_startup failed or timed out; $hint"
  local p
  for p in "$MGMT_PORT" "$STREAM_PORT"; do
    port_open "$p" || die "rabbitmq: booted but nothing listens on port $p (management/stream plugin); $hint"
  done
}

# The management API as the administrator: curl METHOD PATH JSON.
rmq_api() {
  curl -fsS -o /dev/null --max-time 30 -u "$DB_USER:$DB_PASSWORD" -X "$1" -H 'content-type: application/json' \
    --data-binary "$3" "http://127.0.0.1:$MGMT_PORT/api/$2"
}

# The services' user (no tags: not an administrator, no management access) and the analysts' user
# (read on the stream only), on the default vhost. Runs on every start, also against a broker
# another copy of this script started: cheap, self-healing, and it upgrades an older broker.
# Test runs that make a vhost of their own grant the services' user there themselves.
rmq_ensure_users() {
  local stream=${STREAM//./\\\\.}
  rmq_api PUT "users/$SERVICE_USER" "{\"password\":\"$SERVICE_PASSWORD\",\"tags\":\"\"}" &&
    rmq_api PUT "permissions/%2F/$SERVICE_USER" '{"configure":".*","write":".*","read":".*"}' &&
    rmq_api PUT "users/$ANALYST_USER" "{\"password\":\"$ANALYST_PASSWORD\",\"tags\":\"\"}" &&
    rmq_api PUT "permissions/%2F/$ANALYST_USER" "{\"configure\":\"^\$\",\"write\":\"^\$\",\"read\":\"^$stream\$\"}" ||
    die "rabbitmq: could not set the users $SERVICE_USER and $ANALYST_USER through the management API (port $MGMT_PORT)"
}

rmq_stop() {
  local pid
  pid=$(rmq_pid)
  if ! rmq_is_ours "$pid"; then
    log "rabbitmq: not running"
    rm -f "$RMQ_PID_FILE"
  else
    log "rabbitmq: stopping node $RMQ_NODE (pid $pid)"
    # shutdown returns once the OS process has exited.
    if ! rmq_tool 90 rabbitmqctl -n "$RMQ_NODE" -q shutdown >/dev/null 2>&1; then
      warn "rabbitmq: rabbitmqctl shutdown failed; sending SIGTERM to $pid"
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait_gone "$pid" 10 || die "rabbitmq: pid $pid still alive"
    rm -f "$RMQ_PID_FILE"
  fi
  epmd_stop_if_unused
}

# The first node starts epmd and it outlives the node; stop it when no node is left. (epmd itself
# also refuses -kill while a node is registered.)
epmd_stop_if_unused() {
  local names
  names=$(ERL_EPMD_ADDRESS=127.0.0.1 epmd -names 2>/dev/null) || return 0
  if grep -q '^name ' <<<"$names"; then
    log "epmd: other Erlang nodes still registered, leaving it running"
  else
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true
    log "epmd: stopped (no node left)"
  fi
}

# ---------------------------------------------------------------- Redis
redis_pid() { read_pid "$REDIS_PID_FILE"; }
# Redis rewrites its process title to "redis-server 127.0.0.1:<port>"; both forms hold the port.
redis_running() { pid_cmd_has "$(redis_pid)" "redis-server" && pid_cmd_has "$(redis_pid)" "$REDIS_PORT"; }
# redis-cli with the profile's password (REDISCLI_AUTH keeps it off the command line).
redis_cli() { REDISCLI_AUTH=$REDIS_PASSWORD redis-cli --no-auth-warning -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

redis_write_conf() {
  # A file, not --requirepass: the password stays out of the process list.
  (
    umask 077
    cat >"$REDIS_CONF" <<EOF
# Written by scripts/servers.sh on every start: edits here are overwritten.
requirepass $REDIS_PASSWORD
EOF
  )
}

redis_start() {
  mkdir -p "$REDIS_DIR/data"
  if redis_running; then
    log "redis: already running (pid $(redis_pid), port $REDIS_PORT)"
    return 0
  fi
  if port_open "$REDIS_PORT"; then
    warn "redis: port $REDIS_PORT answers but not from $REDIS_DIR; leaving it alone"
    return 0
  fi
  if [[ -e $REDIS_PID_FILE ]]; then
    log "redis: removing stale pid file (pid $(redis_pid) is not a live redis of this profile)"
    rm -f "$REDIS_PID_FILE"
  fi
  redis_write_conf
  log "redis: starting on 127.0.0.1:$REDIS_PORT ($(redis-server --version | cut -d' ' -f1-3))"
  redis-server "$REDIS_CONF" --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR/data" \
    --daemonize yes --pidfile "$REDIS_PID_FILE" --logfile "$REDIS_LOG" --appendonly yes \
    </dev/null 9>&- || die "redis did not start; read $REDIS_LOG"
}

# A Redis started before passwords (or by an older copy of this script) answers without one: give
# it the profile's password at once, so a developer's running servers upgrade themselves (its next
# start reads it from redis.conf). A Redis that wants a password answers NOAUTH here.
redis_ensure_password() {
  [[ $(env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] || return 0
  log "redis: running without a password; setting the profile's password (requirepass)"
  # -x: the password comes from stdin, not the command line.
  printf %s "$REDIS_PASSWORD" | env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -x config set requirepass >/dev/null ||
    die "redis: could not set its password"
}

redis_wait_ready() {
  local reply
  # Answers LOADING (not PONG) while it replays the append-only file.
  until [[ ${reply:=$(redis_cli ping 2>/dev/null)} == PONG ]]; do
    [[ $reply != *NOAUTH* && $reply != *WRONGPASS* ]] ||
      die "redis on port $REDIS_PORT refuses the password of profile $PROFILE"
    ((SECONDS < DEADLINE)) || die "redis not ready on port $REDIS_PORT after ${START_TIMEOUT}s; read $REDIS_LOG"
    sleep 0.2
    reply=
  done
  redis_ensure_password
}

redis_stop() {
  local pid
  pid=$(redis_pid)
  if ! redis_running; then
    log "redis: not running"
    rm -f "$REDIS_PID_FILE"
    return 0
  fi
  log "redis: stopping (pid $pid)"
  # Plain SHUTDOWN saves the data set (RDB + AOF) first.
  redis_cli shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 30 || die "redis: pid $pid still alive after 30s; read $REDIS_LOG"
  rm -f "$REDIS_PID_FILE"
}

# ---------------------------------------------------------------- env file
write_env_file() {
  mkdir -p "$BASE"
  # Single quotes: the values hold ';' (a command separator for bash); dotenv readers strip them.
  cat >"$ENV_FILE.tmp" <<EOF
# NgheAn.Platform local servers, profile "$PROFILE". Written by scripts/servers.sh.
# bash: set -a; source .local/$PROFILE/env; set +a   (also a valid dotenv file)
NGHEAN_PROFILE='$PROFILE'
# The PostgreSQL administrator: the AppHost makes each service's own role and database with it.
ConnectionStrings__postgres='Host=127.0.0.1;Port=$PG_PORT;Username=$DB_USER;Password=$DB_PASSWORD'
ConnectionStrings__rabbitmq='amqp://$SERVICE_USER:$SERVICE_PASSWORD@127.0.0.1:$AMQP_PORT/'
ConnectionStrings__redis='127.0.0.1:$REDIS_PORT,password=$REDIS_PASSWORD'
NGHEAN_RABBITMQ_MANAGEMENT_URL='http://127.0.0.1:$MGMT_PORT'
NGHEAN_RABBITMQ_STREAM_PORT='$STREAM_PORT'
# The administrator (management API, vhosts, scripts/error-queue.sh); the services connect as above.
NGHEAN_RABBITMQ_USER='$DB_USER'
NGHEAN_RABBITMQ_PASSWORD='$DB_PASSWORD'
# Reads the analysts' stream $STREAM, nothing else.
NGHEAN_RABBITMQ_ANALYST_USER='$ANALYST_USER'
NGHEAN_RABBITMQ_ANALYST_PASSWORD='$ANALYST_PASSWORD'
NGHEAN_REDIS_PASSWORD='$REDIS_PASSWORD'
NGHEAN_POSTGRES_PORT='$PG_PORT'
NGHEAN_RABBITMQ_AMQP_PORT='$AMQP_PORT'
NGHEAN_REDIS_PORT='$REDIS_PORT'
EOF
  mv -f "$ENV_FILE.tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands
# True when server $1 is one the command names (no names: all of them).
selected() { [[ ${#SERVERS[@]} -eq 0 || " ${SERVERS[*]} " == *" $1 "* ]]; }

# The profiles' ports lie in Linux's ephemeral range (32768-60999), so an outgoing connection can
# happen to hold one when a server binds it (seen: the stream port, eaddrinuse). Reserve them;
# best effort: it needs root and a writable /proc.
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports current
  [[ -w $file ]] || return 0
  current=$(<"$file")
  echo "${current:+$current,}$PG_PORT,$AMQP_PORT,$MGMT_PORT,$STREAM_PORT,$DIST_PORT,$REDIS_PORT,$CTL_DIST_MIN-$CTL_DIST_MAX" \
    >"$file" 2>/dev/null || true
}

cmd_start() {
  local t0=$SECONDS
  DEADLINE=$((SECONDS + START_TIMEOUT))
  install_packages
  mkdir -p "$BASE"
  # One start/stop per profile at a time.
  exec 9>"$BASE/.lock"
  flock -w 300 9 || die "another start/stop of profile $PROFILE holds $BASE/.lock"
  reserve_ports
  # RabbitMQ is by far the slowest (10-20 s cold): launch it first, start the others meanwhile.
  if selected rabbitmq; then rmq_start; fi
  if selected postgres; then pg_start; fi
  if selected redis; then redis_start; fi
  if selected postgres; then
    pg_wait_ready
    pg_ensure_role
  fi
  if selected redis; then redis_wait_ready; fi
  if selected rabbitmq; then
    rmq_wait_ready
    rmq_ensure_users
  fi
  write_env_file
  log "all servers ready in $((SECONDS - t0))s; connection settings: $ENV_FILE"
}

cmd_stop() {
  local rmq_job rc=0
  mkdir -p "$BASE"
  exec 9>"$BASE/.lock"
  flock -w 300 9 || die "another start/stop of profile $PROFILE holds $BASE/.lock"
  # rabbitmqctl shutdown takes ~8 s: run it alongside the others.
  if selected rabbitmq; then
    rmq_stop &
    rmq_job=$!
  fi
  if selected redis; then redis_stop; fi
  if selected postgres; then pg_stop; fi
  if [[ -n ${rmq_job:-} ]]; then wait "$rmq_job" || rc=$?; fi
  ((rc == 0)) || die "rabbitmq did not stop cleanly"
  log "stopped"
}

cmd_status() {
  local all=0 state pid
  if pg_running; then state=running pid=$(pg_pid); else state=stopped pid=-; fi
  [[ $state == running ]] || all=3
  printf '%-9s %-8s 127.0.0.1:%-5s pid %-7s %s\n' postgres "$state" "$PG_PORT" "$pid" "$PG_DATA"

  if rmq_running; then
    pid=$(rmq_pid) state=starting
    if port_open "$AMQP_PORT"; then state=running; fi
  else
    state=stopped pid=-
  fi
  [[ $state == running ]] || all=3
  printf '%-9s %-8s 127.0.0.1:%-5s pid %-7s node %s, management :%s, stream :%s, dist :%s\n' \
    rabbitmq "$state" "$AMQP_PORT" "$pid" "$RMQ_NODE" "$MGMT_PORT" "$STREAM_PORT" "$DIST_PORT"

  if redis_running; then state=running pid=$(redis_pid); else state=stopped pid=-; fi
  [[ $state == running ]] || all=3
  printf '%-9s %-8s 127.0.0.1:%-5s pid %-7s %s\n' redis "$state" "$REDIS_PORT" "$pid" "$REDIS_DIR/data"
  return "$all"
}

cmd_env() {
  write_env_file
  cat "$ENV_FILE"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit "${1:-2}"
}

main() {
  local cmd=${1:-}
  if [[ $# -gt 0 ]]; then shift; fi
  case $cmd in
    install) cmd_install ;;
    start | stop)
      set_profile "${1:-run}"
      SERVERS=("${@:2}")
      local server
      for server in "${SERVERS[@]}"; do
        [[ $server == postgres || $server == rabbitmq || $server == redis ]] || usage
      done
      "cmd_$cmd"
      ;;
    status | env)
      [[ $# -le 1 ]] || usage
      set_profile "${1:-run}"
      "cmd_$cmd"
      ;;
    rabbitmqctl)
      [[ $# -ge 1 ]] || usage
      set_profile "$1"
      shift
      rmq_tool 600 rabbitmqctl -n "$RMQ_NODE" "$@"
      ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
  esac
}

main "$@"
