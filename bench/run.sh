#!/usr/bin/env bash
# Side-by-side load tests: scimd, the SCIMMY peer and nginx (the machine's limit).
#
#   bench/run.sh [SIZE]        SIZE preloaded users (default 10000), 1000 groups
#
# Environment (defaults in brackets):
#   BACKEND    [sqlite]  sqlite: scimd on SQLite beside the peer and nginx;
#                        postgres: only the PostgreSQL pair (results appended to the
#                        SQLite run's results.jsonl as target scimd-pg2); both: one after the other
#   PREPARE=1            generate the users and import them into $WORK/prepared.db, then stop;
#                        later runs copy prepared.db instead of importing (large sizes)
#   DURATION [10s] CONNECTIONS [16] THREADS [2]   wrk settings, identical for every target
#   SCIMD      [build-bench/scimd, built Release if missing]
#   WORK       [/tmp/scimd-bench-SIZE]  databases, generated users, captured bodies, results
#   SYNC_USERS [min(SIZE,100000)]       users in the initial-sync run (plus 1000 groups)
#   SKIP_PEER=1 / SKIP_SYNC=1           leave out the peer / the sync runs
#   PEER_SYNC_TIMEOUT [180]             seconds before the peer's sync is given up
#   SCENARIOS  ["all"]                  or a space-separated subset
#
# Prints a table (req/s, p99, scimd/limit, scimd/peer) and writes
# $WORK/results.jsonl. Sends traffic to 127.0.0.1 only; every run is bounded.
set -euo pipefail

SIZE=${1:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WORK=${WORK:-/tmp/scimd-bench-$SIZE}
SYNC_USERS=${SYNC_USERS:-$((SIZE < 100000 ? SIZE : 100000))}
SCENARIOS=${SCENARIOS:-all}
BACKEND=${BACKEND:-sqlite}
SCIMD_PORT=5511 NGINX_PORT=5512 PEER_PORT=5513 ADMIN_PORT=5514
# The PostgreSQL pair: nginx balancing round robin over two scimd nodes.
PG_LB_PORT=5515 PG_NODE_PORTS=(5516 5517) PG_ADMIN_PORTS=(5518 5519)
RESULTS="$WORK/results.jsonl"
PIDS=()

log() { echo "bench: $*" >&2; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  stop_postgres
}
trap cleanup EXIT

install_deps() {
  local missing=() pair
  # command:Debian package (node/npm may come from elsewhere; only missing ones are installed)
  for pair in wrk:wrk nginx:nginx-light gnuplot:gnuplot-nox node:nodejs npm:npm curl:curl \
    python3:python3; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  if [[ -z ${SKIP_PEER:-} && ! -d $BENCH/peers/scimmy/node_modules ]]; then
    (cd "$BENCH/peers/scimmy" && npm install --no-audit --no-fund --silent)
  fi
}

build_scimd() {
  if [[ -z ${SCIMD:-} ]]; then
    SCIMD="$ROOT/build-bench/scimd"
    [[ -f $ROOT/build-bench/build.ninja ]] ||
      cmake -S "$ROOT" -B "$ROOT/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ROOT/build-bench" --target scimd -j 2 >/dev/null ||
      { [[ -x $SCIMD ]] && log "build failed; using the existing $SCIMD"; }
  fi
}

now_ms() { date +%s%3N; }

record() {  # record TARGET SCENARIO JSON
  python3 -c 'import json,sys; r=json.loads(sys.argv[3]); r.update(target=sys.argv[1], label=sys.argv[2], size=int(sys.argv[4])); print(json.dumps(r))' \
    "$1" "$2" "$3" "$SIZE" >>"$RESULTS"
}

# Polls URL until it answers 200 (or 120 s pass); the peer drains queued slow
# requests of the previous scenario this way before the next one starts.
wait_ready() {
  local url=$1 token=${2:-}
  for _ in $(seq 1 1200); do
    if [[ $(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Authorization: Bearer $token" "$url") == 200 ]]; then return 0; fi
    sleep 0.1
  done
  log "no answer from $url"; return 1
}

# `--rate-limit 0` where serve has the flag: the benchmark measures the server,
# not the per-directory request budget.
serve_flags() {
  if [[ -z ${SERVE_FLAGS+x} ]]; then
    SERVE_FLAGS=()
    local help; help=$("$SCIMD" serve --help 2>&1 || true)
    if [[ $help == *--rate-limit* ]]; then SERVE_FLAGS+=(--rate-limit 0); fi
  fi
}

start_node() {  # start_node DB_URL PORT ADMIN_PORT LOG -> sets NODE_PID
  serve_flags
  "$SCIMD" serve --db "$1" --listen 127.0.0.1:$2 --admin-listen 127.0.0.1:$3 \
    --public-url http://127.0.0.1:$2 "${SERVE_FLAGS[@]}" >"$4" 2>&1 &
  NODE_PID=$!; PIDS+=("$NODE_PID")
}

start_scimd() {  # start_scimd DB -> sets SCIMD_PID, STARTUP_MS
  local start; start=$(now_ms)
  start_node "sqlite:$1" $SCIMD_PORT $ADMIN_PORT "$WORK/scimd.log"
  SCIMD_PID=$NODE_PID
  # The first served request: the lookup an IdP sends first.
  wait_ready "http://127.0.0.1:$SCIMD_PORT$BASE/Users?filter=userName%20eq%20%22user0%40example.com%22" "$TOKEN"
  STARTUP_MS=$(($(now_ms) - start))
}

# TERM, then KILL if the process is still there after 20 s: a server that
# cannot stop must not hold up the rest of the run.
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$1" 2>/dev/null; then
    log "pid $1 did not stop within 20 s; killing it"
    kill -9 "$1" 2>/dev/null || true
  fi
  wait "$1" 2>/dev/null || true
}

first_user_id() { python3 -c 'print("%08x-0000-4000-8000-%012d" % (0, 0))'; }

add_directory() {  # add_directory DB_URL -> sets DIRECTORY, TOKEN, BASE; saves $WORK/directory.json
  local out
  out=$("$SCIMD" directory add --name bench --idp onelogin --db "$1" --json)
  echo "$out" >"$WORK/directory.json"
  load_directory
}

load_directory() {  # from $WORK/directory.json
  local out; out=$(cat "$WORK/directory.json")
  DIRECTORY=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$out")
  TOKEN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])' <<<"$out")
  BASE="/scim/$DIRECTORY/v2"
}

wrk_run() {  # wrk_run TARGET PORT LABEL SCENARIO [VAR=VALUE...]
  local target=$1 port=$2 label=$3 scenario=$4; shift 4
  local out
  out=$(env SCENARIO="$scenario" BASE="$BASE" TOKEN="$TOKEN" USERS="$SIZE" THREADS="$THREADS" \
    RUN="$target$(now_ms)" "$@" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$BENCH/wrk/scim.lua" \
    "http://127.0.0.1:$port" | tail -1)
  log "$target $label: $out"
  record "$target" "$label" "$out"
}

capture() {  # capture NAME PATH: the scimd body nginx will serve for NAME
  curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SCIMD_PORT$BASE$2" >"$WORK/nginx/static/$1.json"
}

start_nginx() {
  mkdir -p "$WORK/nginx/tmp"
  sed -e "s|@PREFIX@|$WORK/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" "$BENCH/nginx/nginx.conf" \
    >"$WORK/nginx/nginx.conf"
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
  NGINX_PID=$!; PIDS+=("$NGINX_PID")
  sleep 0.5
}

start_peer() {  # start_peer [LOAD_FILE]
  local load=()
  [[ -n ${1:-} ]] && load=(--load "$1")
  node --max-old-space-size=16384 "$BENCH/peers/scimmy/server.js" --port $PEER_PORT --base "$BASE" \
    --token "$TOKEN" "${load[@]}" >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!; PIDS+=("$PEER_PID")
  wait_ready "http://127.0.0.1:$PEER_PORT$BASE/Users?filter=userName%20eq%20%22probe%22" "$TOKEN"
}

peer_idle() { [[ -n ${SKIP_PEER:-} ]] || wait_ready "http://127.0.0.1:$PEER_PORT$BASE/Users?filter=userName%20eq%20%22probe%22" "$TOKEN"; }

wanted() { [[ $SCENARIOS == all || " $SCENARIOS " == *" $1 "* ]]; }

# The server under test: scimd on SQLite, or the PostgreSQL pair behind its
# balancer (no peer, no limit: those are measured in the SQLite run).
TARGET=scimd TARGET_PORT=$SCIMD_PORT PAIR=""

# A read scenario against all three: scimd, the peer, nginx with the captured body.
read_scenario() {  # read_scenario LABEL SCENARIO CAPTURE_PATH
  wanted "$1" || return 0
  if [[ -n $PAIR ]]; then wrk_run "$TARGET" "$TARGET_PORT" "$1" "$2"; return 0; fi
  capture "$1" "$3"
  wrk_run scimd $SCIMD_PORT "$1" "$2"
  if [[ -z ${SKIP_PEER:-} ]]; then peer_idle; wrk_run peer $PEER_PORT "$1" "$2"; fi
  wrk_run limit $NGINX_PORT "$1" "$2" STATIC="/$1.json"
}

write_scenario() {  # write_scenario LABEL SCENARIO [VAR=VALUE...]
  wanted "$1" || return 0
  local label=$1; shift
  wrk_run "$TARGET" "$TARGET_PORT" "$label" "$@"
  if [[ -z $PAIR && -z ${SKIP_PEER:-} ]]; then peer_idle; wrk_run peer $PEER_PORT "$label" "$@"; fi
}

scenarios() {  # the wrk scenarios against $TARGET; RSS_PIDS: the server processes to sample
  local u0="/Users/$(first_user_id)" pid rss
  read_scenario get_user get_user "$u0"
  read_scenario username_eq username_eq '/Users?filter=userName%20eq%20%22user1%40example.com%22'
  read_scenario externalid_eq externalid_eq '/Users?filter=externalId%20eq%20%22ext-1%22'
  read_scenario list_sw list_sw '/Users?count=100&filter=userName%20sw%20%22user1%22'
  read_scenario get_group get_group "/Groups/$(python3 -c 'print("%08x-0000-4000-9000-%012d" % (2654435761 % 2**32, 1))')?excludedAttributes=members"
  rss=0; for pid in "${RSS_PIDS[@]}"; do rss=$((rss + $(ps -o rss= -p "$pid"))); done
  record "$TARGET" rss "{\"kb\":$rss}"
  if [[ -z $PAIR && -z ${SKIP_PEER:-} ]]; then record peer rss "{\"kb\":$(ps -o rss= -p "$PEER_PID")}"; fi

  write_scenario post_user post_user
  write_scenario put_user put_user
  write_scenario patch_user patch_user
  write_scenario patch_member_10 patch_member GROUP=1 GROUP_SIZE=$((SIZE < 10 ? SIZE : 10))
  write_scenario patch_member_10k patch_member GROUP=2 GROUP_SIZE=$((SIZE < 10000 ? SIZE : 10000))
  write_scenario "patch_member_all" patch_member GROUP=0 GROUP_SIZE="$SIZE"
  rss=0; for pid in "${RSS_PIDS[@]}"; do rss=$((rss + $(ps -o rss= -p "$pid"))); done
  record "$TARGET" rss_end "{\"kb\":$rss}"
}

timed_sync() {  # timed_sync TARGET URL: the initial sync, then the plain POST load
  local out limit=0
  # The peer rewrites a whole group per member PATCH; bound its run.
  [[ $1 == peer ]] && limit=${PEER_SYNC_TIMEOUT:-180}
  if ! out=$(timeout "$limit" python3 "$BENCH/sync.py" --url "$2" --token "$TOKEN" \
    --users "$SYNC_USERS" --groups 1000 --concurrency 8); then
    log "$1 sync: did not finish within $limit s"
    record "$1" sync_timeout "{\"seconds\":$limit}"
    return 0
  fi
  log "$1 sync: $out"; record "$1" sync "$out"
  [[ $1 == peer ]] && return 0
  out=$(python3 "$BENCH/sync.py" --url "$2" --token "$TOKEN" \
    --users "$SYNC_USERS" --concurrency 8 --no-lookup)
  log "$1 post-load: $out"; record "$1" post_load "$out"
}

# Imports users.jsonl into $WORK/prepared.db once (timed); every run starts
# from a copy, so a 1M-user run does not pay the import again.
prepare() {
  [[ -f $WORK/users.jsonl ]] || python3 "$BENCH/gen_users.py" "$SIZE" "$WORK/users.jsonl"
  rm -f "$WORK"/prepared.db* "$WORK/prepared.json" "$WORK/import.json"
  add_directory "sqlite:$WORK/prepared.db"
  local start; start=$(now_ms)
  "$SCIMD" import --db "sqlite:$WORK/prepared.db" --directory "$DIRECTORY" "$WORK/users.jsonl"
  echo "{\"seconds\":$(( $(now_ms) - start ))e-3}" >"$WORK/import.json"
  mv "$WORK/directory.json" "$WORK/prepared.json"
  log "prepared $WORK/prepared.db in $(cat "$WORK/import.json")"
}

run_sqlite() {
  : >"$RESULTS"
  [[ -f $WORK/prepared.db && -f $WORK/import.json ]] || prepare
  rm -f "$WORK"/scimd.db*
  log "copying the prepared database"
  cp "$WORK/prepared.db" "$WORK/scimd.db"
  [[ -f $WORK/prepared.db-wal ]] && cp "$WORK/prepared.db-wal" "$WORK/scimd.db-wal"
  cp "$WORK/prepared.json" "$WORK/directory.json"; load_directory
  record scimd import "$(cat "$WORK/import.json")"
  record scimd load "$(uptime | sed 's/.*load average: //' |
    python3 -c 'import json,sys; a=[float(x) for x in sys.stdin.read().split(",")]; print(json.dumps({"load1":a[0],"load5":a[1],"load15":a[2]}))')"

  start_scimd "$WORK/scimd.db"
  record scimd startup "{\"seconds\":${STARTUP_MS}e-3}"
  start_nginx
  if [[ -z ${SKIP_PEER:-} ]]; then
    local start; start=$(now_ms); start_peer "$WORK/users.jsonl"
    record peer startup "{\"seconds\":$(( $(now_ms) - start ))e-3}"
  fi
  TARGET=scimd TARGET_PORT=$SCIMD_PORT PAIR="" RSS_PIDS=("$SCIMD_PID")
  scenarios
  stop_pid "$SCIMD_PID"; [[ -z ${SKIP_PEER:-} ]] && stop_pid "$PEER_PID"

  if [[ -z ${SKIP_SYNC:-} ]]; then
    # Fresh, empty databases: the OneLogin-style initial sync, then plain parallel POSTs.
    rm -f "$WORK"/sync.db*
    add_directory "sqlite:$WORK/sync.db"
    start_scimd "$WORK/sync.db" || true
    timed_sync scimd "http://127.0.0.1:$SCIMD_PORT$BASE"
    stop_pid "$SCIMD_PID"
    if [[ -z ${SKIP_PEER:-} ]]; then
      start_peer
      timed_sync peer "http://127.0.0.1:$PEER_PORT$BASE"
      stop_pid "$PEER_PID"
    fi
  fi
  stop_pid "$NGINX_PID"
}

# --- The PostgreSQL pair ---------------------------------------------------
# A throwaway cluster (as tests/postgres/run_with_postgres.sh makes one, but
# with fsync and synchronous_commit on: an acknowledged write is durable), two
# scimd nodes on it, nginx balancing round robin in front.

as_pg_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {  # -> sets PG_URL, PG_DIR, PG_BIN
  PG_BIN=""
  local candidate port owner
  for candidate in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin; do
    [[ -n $candidate && -x $candidate/initdb ]] && PG_BIN=$candidate
  done
  [[ -n $PG_BIN ]] || { log "initdb not found; install the postgresql package"; exit 1; }
  PG_DIR=$(mktemp -d /tmp/scimd-bench-pg-XXXXXX)
  owner=$(id -un)
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$PG_DIR"; owner=postgres; fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$owner" --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c max_connections=100 \
        -c shared_buffers=${PG_SHARED_BUFFERS:-512MB} -c max_wal_size=4GB" start >/dev/null ||
    { cat "$PG_DIR/server.log" >&2; exit 1; }
  PG_URL="postgresql://$owner@127.0.0.1:$port/postgres"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') at $PG_URL (fsync on)"
}

stop_postgres() {
  [[ -n ${PG_DIR:-} ]] || return 0
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"; PG_DIR=""
}

start_balancer() {
  local dir="$WORK/nginx-lb"
  mkdir -p "$dir/tmp"
  sed -e "s|@PREFIX@|$dir|g" -e "s|@PORT@|$PG_LB_PORT|g" \
    -e "s|@NODE1@|127.0.0.1:${PG_NODE_PORTS[0]}|g" -e "s|@NODE2@|127.0.0.1:${PG_NODE_PORTS[1]}|g" \
    "$BENCH/nginx/balancer.conf" >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" &
  LB_PID=$!; PIDS+=("$LB_PID")
  sleep 0.5
}

start_pair() {  # -> sets PAIR_PIDS, STARTUP_MS (until both nodes answer)
  local start i lookup
  start=$(now_ms); PAIR_PIDS=()
  lookup="$BASE/Users?filter=userName%20eq%20%22user0%40example.com%22"
  for i in 0 1; do
    start_node "$PG_URL" "${PG_NODE_PORTS[$i]}" "${PG_ADMIN_PORTS[$i]}" "$WORK/scimd-pg$i.log"
    PAIR_PIDS+=("$NODE_PID")
  done
  for i in 0 1; do wait_ready "http://127.0.0.1:${PG_NODE_PORTS[$i]}$lookup" "$TOKEN"; done
  STARTUP_MS=$(($(now_ms) - start))
}

run_postgres() {
  [[ -f $RESULTS ]] && python3 -c 'import json,sys
rows=[l for l in open(sys.argv[1]) if l.strip() and json.loads(l)["target"] != "scimd-pg2"]
open(sys.argv[1],"w").writelines(rows)' "$RESULTS"
  [[ -f $WORK/users.jsonl ]] || python3 "$BENCH/gen_users.py" "$SIZE" "$WORK/users.jsonl"
  start_postgres
  add_directory "$PG_URL"
  local start; start=$(now_ms)
  "$SCIMD" import --db "$PG_URL" --directory "$DIRECTORY" "$WORK/users.jsonl"
  record scimd-pg2 import "{\"seconds\":$(( $(now_ms) - start ))e-3}"
  start_pair
  record scimd-pg2 startup "{\"seconds\":${STARTUP_MS}e-3}"
  start_balancer
  TARGET=scimd-pg2 TARGET_PORT=$PG_LB_PORT PAIR=1 RSS_PIDS=("${PAIR_PIDS[@]}")
  scenarios
  if [[ -z ${SKIP_SYNC:-} ]]; then
    add_directory "$PG_URL"  # a fresh, empty directory on the same cluster
    timed_sync scimd-pg2 "http://127.0.0.1:$PG_LB_PORT$BASE"
  fi
  stop_pid "$LB_PID"; for pid in "${PAIR_PIDS[@]}"; do stop_pid "$pid"; done
  stop_postgres
}

main() {
  install_deps
  build_scimd
  mkdir -p "$WORK/nginx/static"
  log "size $SIZE; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; load: $(uptime | sed 's/.*load/load/')"
  if [[ -n ${PREPARE:-} ]]; then prepare; return 0; fi
  case $BACKEND in
    sqlite) run_sqlite ;;
    postgres) run_postgres ;;
    both) run_sqlite; run_postgres ;;
    *) log "BACKEND must be sqlite, postgres or both"; exit 2 ;;
  esac
  python3 "$BENCH/report.py" "$RESULTS"
}

main "$@"
