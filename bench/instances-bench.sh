#!/usr/bin/env bash
# Notifier throughput with one and two instances (issue 8): separate notifier-service processes in one consumer
# group, N synthetic practices each run, every mail to Postfix's smtp-sink on loopback.
# Usage: bench/instances-bench.sh [N]   (default 20000). Needs Debian's postfix package for smtp-sink.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20000}"
PORT=2527
if ! command -v smtp-sink >/dev/null && [ ! -x /usr/sbin/smtp-sink ]; then
  echo "smtp-sink is missing: install Debian's postfix package (see bench/fanout-bench.sh)" >&2
  exit 2
fi
SINK_USER=$( [ "$(id -u)" = 0 ] && echo "-u nobody" || echo "")
/usr/sbin/smtp-sink $SINK_USER 127.0.0.1:$PORT 1000 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
./mvnw -B -q install -DskipTests
./mvnw -B -pl launcher -Pbench verify -Dit.test=NotifierInstancesBenchmark -Dbench.practices="$N" -Dbench.relay=127.0.0.1:$PORT
cat launcher/target/bench-instances.txt
