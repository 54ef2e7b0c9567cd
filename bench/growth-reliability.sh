#!/usr/bin/env bash
# The growth profile's reliability: each zoo growth kind (direct buffers, Unsafe, java.util.zip, zstd-jni, JNA,
# thread stacks, metaspace) profiled RUNS times (default 10) for SECONDS each (default 20) on fresh JVMs, NMT off;
# prints per run whether the culprit came first (as GrowthProfileLiveTest expects it) and per kind how often.
# Usage: bench/growth-reliability.sh [RUNS] [SECONDS] [17|25] [KIND...]
#        BENCH_OPTS=-Dbench.parallel=N runs N kinds at a time (default 2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -pl zoo,tool -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
exec java -cp "$here/tool/target/test-classes:$here/tool/target/classes:$(cat "$here/tool/target/bench.classpath")" \
  -Doffheap.jdk25.home="${OFFHEAP_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" \
  ${BENCH_OPTS:-} dev.offheap.bench.GrowthReliabilityBench "$@"
