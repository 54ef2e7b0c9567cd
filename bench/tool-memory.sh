#!/usr/bin/env bash
# offheap's own memory under the launcher's bounds (OFFHEAP_HEAP_MAX, OFFHEAP_NATIVE_MAX): peak RSS (VmHWM, through
# /usr/bin/time), heap bound and elapsed time of 'offheap report' and a short 'offheap watch' on a live JVM with
# THREADS parked threads (zoo ManyThreads), and of 'offheap heap' on a real heap dump of a JVM holding HEAP_MIB of
# objects (zoo HeapFill, dumped with jcmd GC.heap_dump; 3300 MiB gives a dump of about 4.3 GB), and of 'offheap
# analyze' on a 50 MB NMT detail output: the threads JVM's own detail output (about 5.9 MB for 10,000 threads) with
# its thread-stack regions repeated at fresh addresses, as a JVM of about 85,000 threads would print it (a real one
# is out of reach on a host with pid_max 32768 and vm.max_map_count 65530: two mappings per thread). Everything it
# creates is under a private folder in BASE, deleted with the JVMs it started on exit, even on failure.
# Needs about 1.1x the dump's size free under BASE and 6 GiB of RAM. Usage: bench/tool-memory.sh [BASE] [THREADS] [HEAP_MIB]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-/tmp}"
threads="${2:-10000}"
heap_mib="${3:-3300}"
"$here/offheap" --version >/dev/null
jar="$here/tool/target/offheap.jar"
work=$(mktemp -d "$base/offheap-tool-memory.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
start() {  # start NAME MAIN_CLASS JVM_OPTS... -- ARGS...: a zoo JVM, waits for its "ready" line
  local name=$1 main=$2; shift 2
  local opts=()
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  java "${opts[@]}" -cp "$jar" "dev.offheap.zoo.$main" "$@" >"$work/$name.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do grep -q ready "$work/$name.out" && return 0; sleep 0.2; done
  echo "tool-memory: $main did not start: $(tail -1 "$work/$name.out")" >&2
  exit 1
}
printf '%-34s %12s %12s %10s %8s %s\n' case input "peak RSS" "heap max" time rc
measure() {  # measure CASE INPUT_SIZE offheap ARGS...
  local name=$1 size=$2; shift 2
  local rc=0
  /usr/bin/time -f '%M %e' -o "$work/time" "$here/offheap" "$@" >"$work/out" 2>"$work/err" || rc=$?
  read -r kib secs <"$work/time"
  printf '%-34s %12s %9d MiB %10s %7ss %s\n' "$name" "$size" $((kib / 1024)) "${OFFHEAP_HEAP_MAX:-256m}" "$secs" "$rc"
  [[ $rc -le 1 ]] || { echo "  $(grep -v '^Command exited' "$work/err" | head -1)"; }
}
start threads ManyThreads -Xss256k -XX:NativeMemoryTracking=detail -- "$threads"
tpid=${pids[-1]}
measure "report, $threads threads" "$(ls /proc/"$tpid"/task | wc -l) threads" report "$tpid"
measure "watch 3 s, $threads threads" "$(ls /proc/"$tpid"/task | wc -l) threads" watch "$tpid" --interval 1s --duration 3s
jcmd "$tpid" VM.native_memory detail >"$work/nmt.txt"
kill "$tpid"; wait "$tpid" 2>/dev/null || true
# the thread-stack regions of the virtual memory map, repeated COPIES times before 'Details:' with the copy number
# in the top hex digits of every address (0x00007f... becomes 0x00017f..., 0x00027f..., and so on)
size=$(stat -c %s "$work/nmt.txt")
awk -v COPIES=$(( (50000000 + size - 1) / size )) '
  /^Details:/ && !done {
    for (k = 1; k < COPIES; k++) {
      prefix = sprintf("0x%04x", k)
      for (i = 1; i <= n; i++) { line = block[i]; gsub(/0x0000/, prefix, line); print line }
    }
    done = 1
  }
  /^\[0x/ { inside = ($0 ~ /for Thread Stack/) }
  /^Virtual memory map:/ { vm = 1 }
  /^Details:/ { vm = 0 }
  { if (vm && inside) block[++n] = $0; print }' "$work/nmt.txt" >"$work/nmt-detail.txt"
rm "$work/nmt.txt"
measure "analyze, NMT detail" "$(( $(stat -c %s "$work/nmt-detail.txt") / 1000000 )) MB" analyze "$work/nmt-detail.txt"
grep -q 'thread-stacks' "$work/out" || { echo "tool-memory: analyze did not print the NMT table: $(head -3 "$work/err")" >&2; exit 1; }
rm "$work/nmt-detail.txt"
start fill HeapFill -Xmx$((heap_mib * 3 / 2))m -XX:+UseParallelGC -- "$heap_mib"
fpid=${pids[-1]}
jcmd "$fpid" GC.heap_dump "$work/fill.hprof" >/dev/null
kill "$fpid"; wait "$fpid" 2>/dev/null || true
measure "heap, HeapFill $heap_mib MiB" "$(( $(stat -c %s "$work/fill.hprof") / 1000000 )) MB" heap "$work/fill.hprof"
