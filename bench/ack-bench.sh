#!/usr/bin/env bash
# Loopback benchmark of the acknowledgement page: wrk against GET /a/{code} and POST /a/{code}
# (a valid submission: 2 events published with acks=all, then the projection written), 64 connections.
# Not part of the build. Usage: bench/ack-bench.sh [duration, default 30s] [threads, default 2]
# Needs Debian's wrk package. Starts the embedded Kafka + PostgreSQL + ack-service (AckBenchServer) itself.
# BENCH_JAVA_OPTS adds JVM options to it (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"
THREADS="${2:-2}"
CONNECTIONS=64
if ! command -v wrk >/dev/null; then
  echo "wrk is missing: apt-get install -y --no-install-recommends wrk" >&2
  exit 2
fi
OUT=bench/ack/target/bench
rm -rf "$OUT" && mkdir -p "$OUT"
# Built from the reactor, without installing: the sibling modules (events, platform, embedded) resolve to their
# target/classes in this checkout, not to snapshots in ~/.m2 that another checkout may have installed.
# ACK_BENCH_BUILD=false reuses the previous build (e.g. to build outside a benchmark lock first).
if [ "${ACK_BENCH_BUILD:-true}" != false ] || [ ! -f bench/ack/target/test.classpath ]; then
  ./mvnw -B -q -pl bench/ack -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/bench/ack/target/test.classpath" -Dmdep.includeScope=test
fi
cp bench/ack/target/test.classpath "$OUT/test.classpath"
if grep -q '\.m2/repository/dev/breachnotify' "$OUT/test.classpath"; then
  echo "the classpath names installed breach-notify snapshots instead of this checkout's modules" >&2
  exit 1
fi
CP="bench/ack/target/test-classes:$(cat "$OUT/test.classpath")"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dbreachnotify.test.work-dir="$OUT/infra" -cp "$CP" dev.breachnotify.ack.bench.AckBenchServer "$OUT" \
  > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  [ -f "$OUT/ready" ] && break
  kill -0 $SERVER 2>/dev/null || { echo "the bench server died:" >&2; tail -30 "$OUT/server.log" >&2; exit 1; }
  sleep 1
done
[ -f "$OUT/ready" ] || { echo "the bench server did not get ready" >&2; exit 1; }
BASE=$(head -1 "$OUT/ready")
PRACTICES=$(wc -l < "$OUT/requests.txt")
# Each wrk thread goes through the practices' pages in turn (requests.txt: path, tab, form body), from its own
# starting point; PostgreSQL has one row per practice, and each practice its own lock, as in a real fan-out.
requests_lua() { # $1: GET or POST
  cat <<LUA
local paths, bodies = {}, {}
for line in io.lines("$OUT/requests.txt") do
  local path, body = line:match("^([^\t]+)\t(.*)$")
  paths[#paths + 1] = path
  bodies[#bodies + 1] = body
end
local started = 0
function setup(thread)
  started = started + 1
  thread:set("offset", started * 7919)
end
local i = 0
function init(args)
  i = (offset or 0) % #paths
end
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
function request()
  i = i % #paths + 1
  if "$1" == "POST" then
    return wrk.format("POST", paths[i], headers, bodies[i])
  end
  return wrk.format("GET", paths[i])
end
LUA
}
requests_lua GET > "$OUT/get.lua"
requests_lua POST > "$OUT/post.lua"
PAGE="/a/{code} of $PRACTICES practices in turn"
# CPU time of the server JVM (service and broker; PostgreSQL and wrk are other processes) per request of a run:
# less sensitive than requests/s to whatever else the machine is doing.
TICK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# The submission path's timers (SubmissionRecorder), as "name count sum-in-seconds" lines
timers() {
  curl -s -u "$(cat "$OUT/admin.txt")" "$BASE/prometheus" \
    | awk '/^ack_submission_(publish|projection)_seconds_(count|sum)/ { print $1, $2 }'
}
# The machine's CPU from /proc/stat: busy, total and stolen (by the hypervisor) jiffies of all cores.
machine() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t, $9 }' /proc/stat; }
measure() { # $1: label, rest: the wrk command; appends its output and the JVM's CPU per request to results.txt
  local label=$1 before after requests machine_before
  shift
  before=$(ticks)
  machine_before=$(machine)
  timers > "$OUT/timers-before"
  "$@" | tee "$OUT/wrk-$label.txt" | tee -a "${RESULTS:-$OUT/results.txt}"
  after=$(ticks)
  timers > "$OUT/timers-after"
  awk 'NR == FNR { before[$1] = $2; next } { delta[$1] = $2 - before[$1] }
       END { for (t in delta) if (t ~ /_count$/ && delta[t] > 0) { name = substr(t, 1, length(t) - 6);
               printf "   %s: mean %.1f ms over %d submissions\n", name, delta[name "_sum"] * 1000 / delta[t], delta[t] } }' \
    "$OUT/timers-before" "$OUT/timers-after" | sort | tee -a "${RESULTS:-$OUT/results.txt}"
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$label.txt")
  awk -v t="$((after - before))" -v hz="$TICK" -v n="$requests" -v l="$label" \
    'BEGIN { printf "   server JVM CPU per %s request: %.3f ms (%d requests)\n", l, t * 1000 / hz / n, n }' \
    | tee -a "${RESULTS:-$OUT/results.txt}"
  echo "$machine_before $(machine)" | awk '{ t = $5 - $2; printf "   machine CPU: %.1f %% busy, %.1f %% stolen by the hypervisor\n", 100 * ($4 - $1) / t, 100 * ($6 - $3) / t }' \
    | tee -a "${RESULTS:-$OUT/results.txt}"
}
# Latency at the target rates. wrk keeps every connection busy, so at full load the latency is the
# queue of 64 waiting requests (64 / rate); a rate of 2,000 GET/s or 500 POST/s is reached by pacing instead:
# each connection pauses before each request (wrk's delay()), and each wrk thread lengthens or shortens the pause
# once a second by how far its responses of that second were from its share of the rate (at most 2x either way).
# wrk reports the rate it reached. Not an open-loop load generator: a connection waits for its response before it
# pauses again.
paced() { # $1: label, $2: target requests/s, $3: the requests' Lua script, rest: wrk's URL
  local label=$1 rate=$2 script=$3
  shift 3
  { cat "$script"
    cat <<LUA
local share = $rate / $THREADS
local pause = $CONNECTIONS * 1000 * 0.8 / $rate
local count, second, first = 0, os.time(), true
function delay() return math.floor(pause) end
function response(status, headers, body)
  count = count + 1
  local now = os.time()
  if now ~= second then
    -- the first second is only part of one: its count says nothing; afterwards at most halve or double per second
    if not first then
      pause = math.min(1000, math.max(0.5, pause * math.min(2, math.max(0.5, count / share))))
    end
    count, second, first = 0, now, false
  end
end
LUA
  } > "$OUT/paced-$label.lua"
  echo "== $label paced at $rate/s ($CONNECTIONS connections, each pausing before each request), $DURATION" \
    | tee -a "${RESULTS:-$OUT/results.txt}"
  measure "$label-paced" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/paced-$label.lua" "$@"
}
# 30 s of warm-up: with 10 s the JIT's compiler threads still took an eighth of the machine in the measured run.
echo "== warm-up" && wrk -t"$THREADS" -c"$CONNECTIONS" -d30s -s "$OUT/get.lua" "$BASE" > /dev/null
echo "== GET $PAGE, $CONNECTIONS connections, $DURATION" | tee "$OUT/results.txt"
measure GET wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/get.lua" "$BASE"
paced GET 2000 "$OUT/get.lua" "$BASE"
# The submission path is warmed up too, as long, so that the JIT compiles it before it is measured (after 10 s the
# JIT's C2 thread still took 30 % of the machine in the paced run).
wrk -t"$THREADS" -c"$CONNECTIONS" -d30s -s "$OUT/post.lua" "$BASE" > /dev/null
# The service's own listener applies every submission's events again from Kafka (see ProjectionListener): the
# backlog of a run at full load is left to drain before the next run, so that no run pays for the one before.
sleep 20
# And once more paced, unmeasured: at this rate the broker, the producer and the listeners take other paths (small
# batches, fetches that wait) than at full load, and the JIT compiled them for the first 20 s of a paced run.
RESULTS=/dev/null paced POST-warm-up 500 "$OUT/post.lua" "$BASE" > /dev/null
sleep 10
paced POST 500 "$OUT/post.lua" "$BASE"
sleep 20
echo "== POST $PAGE (valid submission, 303), $CONNECTIONS connections, $DURATION" | tee -a "$OUT/results.txt"
measure POST wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/post.lua" "$BASE"
echo "== visits lost (must be 0): $(grep -c 'visit events lost\|Visit .* dropped' "$OUT/server.log" || true)" | tee -a "$OUT/results.txt"
