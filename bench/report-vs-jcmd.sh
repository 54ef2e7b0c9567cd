#!/usr/bin/env bash
# Times 'offheap report PID' end to end against the JDK's own 'jcmd PID VM.native_memory summary' on the same
# running JVM, alternating the two, and prints the ratio (issue 2: offheap may take at most 1.5x jcmd).
# Usage: bench/report-vs-jcmd.sh [ROUNDS] [JAVA_HOME]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-10}"
jhome="${2:-/usr/lib/jvm/java-17-openjdk-amd64}"
"$here/offheap" --version >/dev/null
work=$(mktemp -d)
"$jhome/bin/java" -Xmx256m -XX:NativeMemoryTracking=summary -cp "$here/tool/target/offheap.jar" \
  dev.offheap.zoo.DirectBufferLeak 64 0 64 >"$work/out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do grep -q ready "$work/out" && break; sleep 0.1; done
# warm both once (the first attach starts the JVM's listener; the agent is loaded once)
"$here/offheap" report "$pid" >/dev/null
"$jhome/bin/jcmd" "$pid" VM.native_memory summary >/dev/null
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
total_o=0; total_j=0
for i in $(seq "$rounds"); do
  o=$(ms "$here/offheap" report "$pid"); j=$(ms "$jhome/bin/jcmd" "$pid" VM.native_memory summary)
  total_o=$((total_o + o)); total_j=$((total_j + j))
  printf 'round %2d: offheap report %5d ms   jcmd VM.native_memory summary %5d ms\n' "$i" "$o" "$j"
done
awk -v o="$total_o" -v j="$total_j" -v n="$rounds" 'BEGIN {
  printf "mean: offheap report %.0f ms, jcmd %.0f ms, ratio offheap/jcmd = %.2f (target <= 1.5)\n", o/n, j/n, o/j }'
