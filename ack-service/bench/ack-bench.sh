#!/usr/bin/env bash
# Loopback benchmark of the acknowledgement page (issue 4): wrk against GET /a/{code} and POST /a/{code}
# (a valid submission: 2 events published with acks=all, then the projection written), 64 connections.
# Not part of the build. Usage: ack-service/bench/ack-bench.sh [duration, default 30s] [threads, default 2]
# Needs Debian's wrk package. Starts the embedded Kafka + PostgreSQL + ack-service (AckBenchServer) itself.
# BENCH_JAVA_OPTS adds JVM options to it (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-30s}"
THREADS="${2:-2}"
CONNECTIONS=64
if ! command -v wrk >/dev/null; then
  echo "wrk is missing: apt-get install -y --no-install-recommends wrk" >&2
  exit 2
fi
OUT=ack-service/target/bench
rm -rf "$OUT" && mkdir -p "$OUT"
# Built from the reactor, without installing: the sibling modules (events, platform, embedded) resolve to their
# target/classes in this checkout, not to snapshots in ~/.m2 that another checkout may have installed.
# ACK_BENCH_BUILD=false reuses the previous build (e.g. to build outside a benchmark lock first).
if [ "${ACK_BENCH_BUILD:-true}" != false ] || [ ! -f ack-service/target/test.classpath ]; then
  ./mvnw -B -q -pl ack-service -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/ack-service/target/test.classpath" -Dmdep.includeScope=test
fi
cp ack-service/target/test.classpath "$OUT/test.classpath"
if grep -q '\.m2/repository/dev/breachnotify' "$OUT/test.classpath"; then
  echo "the classpath names installed breach-notify snapshots instead of this checkout's modules" >&2
  exit 1
fi
CP="ack-service/target/test-classes:ack-service/target/classes:$(cat "$OUT/test.classpath")"
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
PAGE=$(cat "$OUT/page-path.txt")
cat > "$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "$(cat "$OUT/post-body.txt")"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
# CPU time of the server JVM (service and broker; PostgreSQL and wrk are other processes) per request of a run:
# less sensitive than requests/s to whatever else the machine is doing.
TICK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
measure() { # $1: label, rest: the wrk command; appends its output and the JVM's CPU per request to results.txt
  local label=$1 before after requests
  shift
  before=$(ticks)
  "$@" | tee "$OUT/wrk-$label.txt" | tee -a "$OUT/results.txt"
  after=$(ticks)
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$label.txt")
  awk -v t="$((after - before))" -v hz="$TICK" -v n="$requests" -v l="$label" \
    'BEGIN { printf "   server JVM CPU per %s request: %.3f ms (%d requests)\n", l, t * 1000 / hz / n, n }' \
    | tee -a "$OUT/results.txt"
}
echo "== warm-up" && wrk -t"$THREADS" -c"$CONNECTIONS" -d10s "$BASE$PAGE" > /dev/null
echo "== GET $PAGE, $CONNECTIONS connections, $DURATION" | tee "$OUT/results.txt"
measure GET wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$PAGE"
# The submission path is warmed up too, so that the JIT compiles it before it is measured.
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$OUT/post.lua" "$BASE$PAGE" > /dev/null
echo "== POST $PAGE (valid submission, 303), $CONNECTIONS connections, $DURATION" | tee -a "$OUT/results.txt"
measure POST wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/post.lua" "$BASE$PAGE"
echo "== visits lost (must be 0): $(grep -c 'visit events lost\|Visit .* dropped' "$OUT/server.log" || true)" | tee -a "$OUT/results.txt"
