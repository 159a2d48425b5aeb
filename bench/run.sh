#!/usr/bin/env bash
# Side-by-side load tests: scimd, the SCIMMY peer and nginx (the machine's limit).
#
#   bench/run.sh [SIZE]        SIZE preloaded users (default 10000), 1000 groups
#
# Environment (defaults in brackets):
#   DURATION [10s] CONNECTIONS [16] THREADS [2]   wrk settings, identical for every target
#   SCIMD      [build-bench/scimd, built Release if missing]
#   WORK       [/tmp/scimd-bench-SIZE]  databases, generated users, captured bodies, results
#   SYNC_USERS [min(SIZE,100000)]       users in the initial-sync run (plus 1000 groups)
#   SKIP_PEER=1 / SKIP_SYNC=1           leave out the peer / the sync runs
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
SCIMD_PORT=5511 NGINX_PORT=5512 PEER_PORT=5513 ADMIN_PORT=5514
RESULTS="$WORK/results.jsonl"
PIDS=()

log() { echo "bench: $*" >&2; }
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
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

start_scimd() {  # start_scimd DB -> sets SCIMD_PID, STARTUP_MS
  local start; start=$(now_ms)
  "$SCIMD" serve --db "sqlite:$1" --listen 127.0.0.1:$SCIMD_PORT --admin-listen 127.0.0.1:$ADMIN_PORT \
    --public-url http://127.0.0.1:$SCIMD_PORT >"$WORK/scimd.log" 2>&1 &
  SCIMD_PID=$!; PIDS+=("$SCIMD_PID")
  # The first served request: the lookup an IdP sends first.
  wait_ready "http://127.0.0.1:$SCIMD_PORT$BASE/Users?filter=userName%20eq%20%22user0%40example.com%22" "$TOKEN"
  STARTUP_MS=$(($(now_ms) - start))
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

first_user_id() { python3 -c 'print("%08x-0000-4000-8000-%012d" % (0, 0))'; }

add_directory() {  # add_directory DB -> sets DIRECTORY, TOKEN, BASE
  local out
  out=$("$SCIMD" directory add --name bench --idp onelogin --db "sqlite:$1" --json)
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

# A read scenario against all three: scimd, the peer, nginx with the captured body.
read_scenario() {  # read_scenario LABEL SCENARIO CAPTURE_PATH
  wanted "$1" || return 0
  capture "$1" "$3"
  wrk_run scimd $SCIMD_PORT "$1" "$2"
  if [[ -z ${SKIP_PEER:-} ]]; then peer_idle; wrk_run peer $PEER_PORT "$1" "$2"; fi
  wrk_run limit $NGINX_PORT "$1" "$2" STATIC="/$1.json"
}

write_scenario() {  # write_scenario LABEL SCENARIO [VAR=VALUE...]
  wanted "$1" || return 0
  local label=$1; shift
  wrk_run scimd $SCIMD_PORT "$label" "$@"
  if [[ -z ${SKIP_PEER:-} ]]; then peer_idle; wrk_run peer $PEER_PORT "$label" "$@"; fi
}

main() {
  install_deps
  build_scimd
  mkdir -p "$WORK/nginx/static"
  : >"$RESULTS"
  log "size $SIZE; wrk -t$THREADS -c$CONNECTIONS -d$DURATION; load: $(uptime | sed 's/.*load/load/')"
  [[ -f $WORK/users.jsonl ]] || python3 "$BENCH/gen_users.py" "$SIZE" "$WORK/users.jsonl"

  # Preload through `scimd import` (one transaction per 10k resources).
  rm -f "$WORK"/scimd.db*
  add_directory "$WORK/scimd.db"
  local start; start=$(now_ms)
  "$SCIMD" import --db "sqlite:$WORK/scimd.db" --directory "$DIRECTORY" "$WORK/users.jsonl"
  record scimd import "{\"seconds\":$(( $(now_ms) - start ))e-3}"

  start_scimd "$WORK/scimd.db"
  record scimd startup "{\"seconds\":${STARTUP_MS}e-3}"
  start_nginx
  if [[ -z ${SKIP_PEER:-} ]]; then
    start=$(now_ms); start_peer "$WORK/users.jsonl"
    record peer startup "{\"seconds\":$(( $(now_ms) - start ))e-3}"
  fi

  local u0="/Users/$(first_user_id)"
  read_scenario get_user get_user "$u0"
  read_scenario username_eq username_eq '/Users?filter=userName%20eq%20%22user1%40example.com%22'
  read_scenario externalid_eq externalid_eq '/Users?filter=externalId%20eq%20%22ext-1%22'
  read_scenario list_sw list_sw '/Users?count=100&filter=userName%20sw%20%22user1%22'
  read_scenario get_group get_group "/Groups/$(python3 -c 'print("%08x-0000-4000-9000-%012d" % (2654435761 % 2**32, 1))')?excludedAttributes=members"
  record scimd rss "{\"kb\":$(ps -o rss= -p "$SCIMD_PID")}"
  [[ -z ${SKIP_PEER:-} ]] && record peer rss "{\"kb\":$(ps -o rss= -p "$PEER_PID")}"

  write_scenario post_user post_user
  write_scenario put_user put_user
  write_scenario patch_user patch_user
  write_scenario patch_member_10 patch_member GROUP=1 GROUP_SIZE=$((SIZE < 10 ? SIZE : 10))
  write_scenario patch_member_10k patch_member GROUP=2 GROUP_SIZE=$((SIZE < 10000 ? SIZE : 10000))
  write_scenario "patch_member_all" patch_member GROUP=0 GROUP_SIZE="$SIZE"
  record scimd rss_end "{\"kb\":$(ps -o rss= -p "$SCIMD_PID")}"
  stop_pid "$SCIMD_PID"; [[ -z ${SKIP_PEER:-} ]] && stop_pid "$PEER_PID"

  if [[ -z ${SKIP_SYNC:-} ]]; then
    # Fresh, empty databases: the OneLogin-style initial sync, then plain parallel POSTs.
    rm -f "$WORK"/sync.db*
    add_directory "$WORK/sync.db"
    start_scimd "$WORK/sync.db" || true
    local out
    out=$(python3 "$BENCH/sync.py" --url "http://127.0.0.1:$SCIMD_PORT$BASE" --token "$TOKEN" \
      --users "$SYNC_USERS" --groups 1000 --concurrency 8)
    log "scimd sync: $out"; record scimd sync "$out"
    out=$(python3 "$BENCH/sync.py" --url "http://127.0.0.1:$SCIMD_PORT$BASE" --token "$TOKEN" \
      --users "$SYNC_USERS" --concurrency 8 --no-lookup)
    log "scimd post-load: $out"; record scimd post_load "$out"
    stop_pid "$SCIMD_PID"
    if [[ -z ${SKIP_PEER:-} ]]; then
      start_peer
      out=$(python3 "$BENCH/sync.py" --url "http://127.0.0.1:$PEER_PORT$BASE" --token "$TOKEN" \
        --users "$SYNC_USERS" --groups 1000 --concurrency 8)
      log "peer sync: $out"; record peer sync "$out"
      stop_pid "$PEER_PID"
    fi
  fi
  python3 "$BENCH/report.py" "$RESULTS"
}

main "$@"
