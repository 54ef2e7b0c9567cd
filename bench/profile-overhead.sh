#!/usr/bin/env bash
# Cost of 'offheap profile' to its target: the growth profile (page faults, the default) and the malloc profile
# (--malloc) on a malloc/free loop, java.util.zip, a service, and a 10 MiB/s leak (leak10: extra CPU in % of a core):
# CPU time per operation of fresh zoo JVMs without, while and after profiling, as ratios to the baseline measured
# in the same JVM; settings interleaved, ROUNDS rounds (median and range printed).
# Usage: bench/profile-overhead.sh [ROUNDS] [SECONDS] [malloc256|zip|service|leak10|leak100 ...]
#        BENCH_OPTS=-Dbench.settings=growth (the growth profile alone) or =all (also the malloc profile's variants).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -pl zoo,tool -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
exec java -cp "$here/tool/target/test-classes:$here/tool/target/classes:$(cat "$here/tool/target/bench.classpath")" \
  ${BENCH_OPTS:-} dev.offheap.bench.ProfileOverheadBench "$@"
