#!/usr/bin/env bash
# Notifier throughput with one and two instances : separate notifier-service processes in one consumer
# group, N synthetic practices each run, every mail to Postfix's smtp-sink on loopback.
# Usage: bench/instances-bench.sh [N] [INSTANCES]   (default 20000 and "1,2": one run with one instance, then one
# with two). Each notifier process runs with -Xmx512m; the report gives the rate per tenth of the run and the first
# instance's peak heap. Needs Debian's postfix package for smtp-sink. Builds from this checkout, installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20000}"
INSTANCES="${2:-1,2}"
PORT=2527
if ! command -v smtp-sink >/dev/null && [ ! -x /usr/sbin/smtp-sink ]; then
  echo "smtp-sink is missing: install Debian's postfix package (see bench/fanout-bench.sh)" >&2
  exit 2
fi
SINK_USER=$( [ "$(id -u)" = 0 ] && echo "-u nobody" || echo "")
/usr/sbin/smtp-sink $SINK_USER 127.0.0.1:$PORT 1000 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
./mvnw -B -pl bench/pipeline -am -Pbench verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NotifierInstancesBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.practices="$N" -Dbench.instances="$INSTANCES" -Dbench.relay=127.0.0.1:$PORT
cat bench/pipeline/target/bench-instances.txt
