#!/usr/bin/env bash
# Directory import benchmark: generate P practices (default 100000) with C contacts (default 250000) and
# N IT service partners (default 2000), import partners, practices (with partner columns) and contacts over HTTP
# into a notifier running in a heap of H (default 256m); prints each import's time and peak heap.
# Usage: bench/directory-bench.sh [P] [C] [N] [H]
# Builds from the reactor (-am), so the modules under test come from this checkout, never from ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
P="${1:-100000}"
C="${2:-250000}"
N="${3:-2000}"
H="${4:-256m}"
./mvnw -B -q -pl bench/directory -am -Pbench verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=DirectoryImportBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.practices="$P" -Dbench.contacts="$C" -Dbench.partners="$N" -Dbench.heap="$H" "-Dbench.jvm-args=${BENCH_JVM_ARGS:-}"
cat bench/directory/target/bench-directory.txt
