#!/usr/bin/env bash
# Letter benchmark: render N letters (default 40000) into print batches of B (default 500) with the
# production BatchRenderer and FolderPrintSink in a heap of H (default 256m); prints letters/s and the peak heap.
# Usage: bench/letters-bench.sh [N] [B] [H]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-40000}"
B="${2:-500}"
H="${3:-256m}"
./mvnw -B -q -pl bench/letters -am -Pbench verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=LetterBatchBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.letters="$N" -Dbench.batch-size="$B" -Dbench.heap="$H"
cat bench/letters/target/bench-letters.txt
