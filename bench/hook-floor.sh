#!/usr/bin/env bash
# The floor of 'offheap profile' on a malloc-bound target: the cost per malloc/free pair of async-profiler's malloc
# hooks alone (bench/hook-floor.c, the library from offheap's jar, a C loop of 256-byte pairs: no hooks, hooks
# sampling one malloc per INTERVAL without frees, hooks idle after the profile), then the same costs as ratios to
# a JVM's pair (the zoo's MallocLoop: Unsafe.allocateMemory + freeMemory, JDK 17, measured in this run); and the
# fixed cost of a profile: the CPU time an idle JDK 17 JVM spends on its first, second and third 'offheap profile
# --duration 3s' (loading the library and its symbol tables, attach, start, stop, the recording) against the same
# 3 s before each.
# Usage: bench/hook-floor.sh [INTERVAL] [RUNS]      (default 524288 bytes, as offheap profile; 5 runs)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
interval="${1:-524288}"
runs="${2:-5}"
"$here/offheap" --version >/dev/null # builds the jar on first use
work=$(mktemp -d)
jvm=""
cleanup() { [[ -n $jvm ]] && kill "$jvm" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
unzip -q -o "$here/tool/target/offheap.jar" linux-x64/libasyncProfiler.so -d "$work"
gcc -O2 -fno-builtin-malloc -fno-builtin-free -o "$work/hook-floor" "$here/bench/hook-floor.c" -ldl
echo "ns per malloc+free pair of 256 B in C (fastest of 7 x 20 M pairs per state; interval $interval):"
printf '  %-4s %10s %10s %10s %10s %12s %12s\n' run "no hooks" loaded sampling "idle hooks" "+sampling" "+idle"
all_s=(); all_i=()
for r in $(seq "$runs"); do
  read -r before loaded sampling idle < <("$work/hook-floor" "$work/linux-x64/libasyncProfiler.so" "$interval" "$work/out.jfr" 7 20000000)
  rm -f "$work/out.jfr"
  base=$(awk -v a="$before" -v b="$loaded" 'BEGIN { print (a < b ? a : b) }')
  ds=$(awk -v s="$sampling" -v b="$base" 'BEGIN { printf "%.2f", s - b }')
  di=$(awk -v s="$idle" -v b="$base" 'BEGIN { printf "%.2f", s - b }')
  printf '  %-4s %10s %10s %10s %10s %12s %12s\n' "$r" "$before" "$loaded" "$sampling" "$idle" "+$ds" "+$di"
  all_s+=("$ds"); all_i+=("$di")
done
# the JVM's own pair, unprofiled: the zoo's MallocLoop reports "work ops=N cpu=NANOS wall=NANOS" every 100 ms
java -Xmx64m -XX:+UseSerialGC -cp "$here/tool/target/offheap.jar" dev.offheap.zoo.MallocLoop 1000 >"$work/loop.out" 2>&1 &
jvm=$!
sleep 12 # warm-up, then the last 10 reports
jvm_ns=$(grep '^work ' "$work/loop.out" | tail -10 | awk '{ split($2, o, "="); split($3, c, "="); if (NR == 1) { o0 = o[2]; c0 = c[2] } o1 = o[2]; c1 = c[2] }
  END { printf "%.2f", (c1 - c0) / (o1 - o0) }')
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ms=$(median "${all_s[@]}"); mi=$(median "${all_i[@]}")
awk -v s="$ms" -v i="$mi" -v j="$jvm_ns" 'BEGIN {
  printf "median added cost: sampling %.2f ns, idle hooks %.2f ns per pair\n", s, i
  printf "a JVM pair (MallocLoop, JDK 17, CPU time of the process) costs %.2f ns: the hooks alone make it %.3fx while sampling, %.3fx idle\n",
    j, 1 + s / j, 1 + i / j }'
kill "$jvm"; wait "$jvm" 2>/dev/null || true
# the fixed cost: an idle JVM (zoo Idle), CPU time from /proc/PID/stat (clock ticks)
java -Xmx64m -cp "$here/tool/target/offheap.jar" dev.offheap.zoo.Idle >"$work/idle.out" 2>&1 &
jvm=$!
sleep 5
tick=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$jvm/stat"; }
for n in first second third; do
  a=$(cpu); sleep 3; b=$(cpu)
  "$here/offheap" profile "$jvm" --duration 3s >/dev/null 2>&1
  c=$(cpu)
  echo "idle JVM, $n profile of 3 s: $(( (c - b) * 1000 / tick )) ms CPU (the 3 s before: $(( (b - a) * 1000 / tick )) ms; ticks of $(( 1000 / tick )) ms)"
done
