#!/usr/bin/env bash
# Heap-dump benchmark: generates ~1 GiB and ~4 GiB synthetic dumps in a private folder under BASE (default /tmp),
# times bare walk / views / views + reachability in child JVMs (fastest of 3 runs each, -Dbench.runs=N in
# BENCH_OPTS), prints ratios and peak RSS; deletes the dumps.
# Needs about 5 GiB of free disk under BASE. Usage: bench/hprof-bench.sh [BASE] [SIZE_MIB...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-/tmp}"
shift || true
sizes=("${@:-1024 4096}")
(cd "$here" && mvn -q -B -o -pl zoo,tool -am test-compile)
exec java -cp "$here/tool/target/test-classes:$here/tool/target/classes" ${BENCH_OPTS:-} dev.offheap.bench.HprofBench "$base" ${sizes[@]}
