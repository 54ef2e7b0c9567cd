#!/usr/bin/env bash
# Cost of 'offheap profile' to its target over sampling interval, stack walker, free tracking and allocation mix:
# CPU time per operation of fresh zoo JVMs without, while and after profiling, as ratios to the baseline measured
# in the same JVM; settings interleaved, ROUNDS rounds (median and range printed).
# Usage: bench/profile-overhead.sh [ROUNDS] [SECONDS] [malloc256|zip|service ...]
#        BENCH_OPTS=-Dbench.settings=default for the default setting alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -pl zoo,tool -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
exec java -cp "$here/tool/target/test-classes:$here/tool/target/classes:$(cat "$here/tool/target/bench.classpath")" \
  ${BENCH_OPTS:-} dev.offheap.bench.ProfileOverheadBench "$@"
