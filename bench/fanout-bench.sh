#!/usr/bin/env bash
# Fan-out benchmark: N synthetic practices -> Postfix's smtp-sink on loopback, with the audit-service
# consuming at the same time, plus the bare Angus Mail and smtp-source ceilings against the same sink.
# Usage: bench/fanout-bench.sh [N [CONTACTS]]   (default 40000 practices, 0 contacts: one mail per practice; 2 or 3
# contacts per practice: an owner and a manager, and a doctor outside the default roles, so two mails per practice).
# Needs Debian's postfix package for smtp-sink/smtp-source.
# Extra JVM options of the benchmark JVM (a profiler, say) go in BENCH_JVM_ARGS; the JVM compiles up to C2, as the run
# command's does; BENCH_JVM_ARGS=-XX:TieredStopAtLevel=1 measures with C1 only, -Dbench.dkim=true signs. For example
#   BENCH_JVM_ARGS='-XX:StartFlightRecording=filename=/tmp/fanout.jfr,settings=profile' bench/fanout-bench.sh
# Builds from the reactor (-am), so the modules under test come from this checkout, never from ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-40000}"
CONTACTS="${2:-0}"
PORT=2526
if ! command -v smtp-sink >/dev/null && [ ! -x /usr/sbin/smtp-sink ]; then
  echo "smtp-sink is missing: install Debian's postfix package, e.g." >&2
  echo "  echo 'postfix postfix/main_mailer_type select No configuration' | sudo debconf-set-selections" >&2
  echo "  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix" >&2
  exit 2
fi
SINK_USER=$( [ "$(id -u)" = 0 ] && echo "-u nobody" || echo "")
/usr/sbin/smtp-sink $SINK_USER 127.0.0.1:$PORT 1000 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
./mvnw -B -pl bench/pipeline -am -Pbench verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FanOutBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.practices="$N" -Dbench.contacts="$CONTACTS" -Dbench.relay=127.0.0.1:$PORT "-Dbench.jvm-args=${BENCH_JVM_ARGS:-}"
cat bench/pipeline/target/bench-fanout.txt
