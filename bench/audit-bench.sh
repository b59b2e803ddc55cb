#!/usr/bin/env bash
# The audit log benchmark (AuditLogBenchmark): N email.sent events from Kafka into the log (appends/s), the whole
# log exported as JSON Lines over HTTP, and both exports verified offline by audit-verifier.jar in a 256 MB heap.
# Usage: bench/audit-bench.sh [entries, default 1000000] [settle: true|false, default true]
# BENCH_JVM_ARGS adds JVM options to the benchmark's JVM (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
SETTLE="${2:-true}"
./mvnw -B -pl bench/audit -am -Pbench verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=AuditLogBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.entries="$N" -Dbench.settle="$SETTLE" "-Dbench.jvm-args=${BENCH_JVM_ARGS:-}"
cat bench/audit/target/bench-audit.txt
