#!/usr/bin/env bash
# The IT service partner's page (PartnerPageBenchmark): one partner with N practices (default 2000); GET latency of
# its first page, a search and the last page (p50/p95), one POST confirming 500 practices (until the 303: Kafka
# transaction committed and projection written), one CSV upload of 500 rows. Embedded Kafka + PostgreSQL.
# Usage: bench/partner-bench.sh [practices, default 2000] [requests per GET figure, default 200]
# BENCH_JVM_ARGS adds JVM options to the benchmark's JVM (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000}"
REQUESTS="${2:-200}"
./mvnw -B -q -pl bench/ack -am -Pbench verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=PartnerPageBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dbench.practices="$N" -Dbench.requests="$REQUESTS" "-Dbench.jvm-args=${BENCH_JVM_ARGS:-}"
cat bench/ack/target/bench-partner.txt
