#!/usr/bin/env bash
# Times 'offheap report PID' end to end against what a person runs to read the same things by hand, on the same
# running JVM, alternating the two: one jcmd process per command offheap sends over the attach socket (VM.version,
# VM.flags -all, VM.command_line, VM.native_memory summary, GC.heap_info, Compiler.codecache,
# System.native_heap_info, VM.system_properties for the buffer-pool agent's figures, System.map on JDK 21+) plus
# 'cat' of the /proc files it reads (smaps, status, environ, cgroup, the threads' comm and syscall). Target (issue
# 11): offheap <= 1.0x that set. The ratio to one 'jcmd VM.native_memory summary' call is printed beside it.
# Not in the set: the agent load itself and pagemap/mem reads, which have no jcmd or cat equivalent.
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
major=$("$jhome/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
commands=("VM.version" "VM.flags -all" "VM.command_line" "VM.native_memory summary" "GC.heap_info" "Compiler.codecache"
  "System.native_heap_info" "VM.system_properties")
if [ "$major" -ge 21 ]; then commands+=("System.map"); fi
cgroup_dir="/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' "/proc/$pid/cgroup")"
# what a person runs: each command as its own jcmd process, then the /proc files
by_hand() {
  local c
  for c in "${commands[@]}"; do
    # shellcheck disable=SC2086
    "$jhome/bin/jcmd" "$pid" $c >/dev/null 2>&1 || true
  done
  cat "/proc/$pid/smaps" "/proc/$pid/status" "/proc/$pid/environ" "/proc/$pid/cgroup" /proc/"$pid"/task/*/comm \
    /proc/"$pid"/task/*/syscall "$cgroup_dir"/memory.* >/dev/null 2>&1 || true
}
# warm all once (the first attach starts the JVM's listener; the agent is loaded once)
"$here/offheap" report "$pid" >/dev/null
by_hand
"$jhome/bin/jcmd" "$pid" VM.native_memory summary >/dev/null
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
total_o=0; total_h=0; total_j=0
for i in $(seq "$rounds"); do
  o=$(ms "$here/offheap" report "$pid"); h=$(ms by_hand); j=$(ms "$jhome/bin/jcmd" "$pid" VM.native_memory summary)
  total_o=$((total_o + o)); total_h=$((total_h + h)); total_j=$((total_j + j))
  printf 'round %2d: offheap report %5d ms   by hand (%d jcmd + cat) %5d ms   one jcmd VM.native_memory summary %5d ms\n' \
    "$i" "$o" "${#commands[@]}" "$h" "$j"
done
awk -v o="$total_o" -v h="$total_h" -v j="$total_j" -v n="$rounds" -v c="${#commands[@]}" 'BEGIN {
  printf "mean: offheap report %.0f ms, by hand %.0f ms (%d jcmd processes + cat of /proc files), one jcmd %.0f ms\n", o/n, h/n, c, j/n
  printf "ratio offheap/by hand = %.2f (target <= 1.0); offheap/one jcmd call = %.2f\n", o/h, o/j }'
