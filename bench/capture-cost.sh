#!/usr/bin/env bash
# What a capture ('watch --capture', 'export --capture') costs its target: a zoo RequestLoop (a request due every
# millisecond, measuring its own lateness; HEAP_MIB of live heap; 1 MiB/s of Unsafe memory leaked) is followed as the
# exporter follows a JVM, then captured ROUNDS times without and ROUNDS times with a heap dump, each capture between
# quiet windows: the capture's wall time, the target's extra CPU, the longest request lateness during captures against
# the quiet windows', and the safepoints the target logged during the captures. Goal: no stall above 10 ms without a
# heap dump. With 'phases' last: the parts of a capture apart (sources, extras, writing) against quiet windows, with the
# requests more than 5 ms late in each (the writing touches the target not at all: the control for a busy host).
# Usage: bench/capture-cost.sh [ROUNDS] [JAVA_HOME] [HEAP_MIB] [phases]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -pl zoo,tool -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
exec java -cp "$here/tool/target/test-classes:$here/tool/target/classes:$(cat "$here/tool/target/bench.classpath")" \
  ${BENCH_OPTS:-} dev.offheap.capture.CaptureCostBench "$@"
