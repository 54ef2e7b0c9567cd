#!/usr/bin/env bash
# offheap's own memory under the launcher's bounds (OFFHEAP_HEAP_MAX, OFFHEAP_NATIVE_MAX): peak RSS (VmHWM, through
# /usr/bin/time), heap bound and elapsed time of 'offheap report' and a short 'offheap watch' on a live JVM with
# THREADS parked threads (zoo ManyThreads), and of 'offheap heap' on a real heap dump of a JVM holding HEAP_MIB of
# objects (zoo HeapFill, dumped with jcmd GC.heap_dump; 3300 MiB gives a dump of about 4.3 GB). Everything it
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
start threads ManyThreads -Xss256k -XX:NativeMemoryTracking=summary -- "$threads"
tpid=${pids[-1]}
measure "report, $threads threads" "$(ls /proc/"$tpid"/task | wc -l) threads" report "$tpid"
measure "watch 3 s, $threads threads" "$(ls /proc/"$tpid"/task | wc -l) threads" watch "$tpid" --interval 1s --duration 3s
kill "$tpid"; wait "$tpid" 2>/dev/null || true
start fill HeapFill -Xmx$((heap_mib * 3 / 2))m -XX:+UseParallelGC -- "$heap_mib"
fpid=${pids[-1]}
jcmd "$fpid" GC.heap_dump "$work/fill.hprof" >/dev/null
kill "$fpid"; wait "$fpid" 2>/dev/null || true
measure "heap, HeapFill $heap_mib MiB" "$(( $(stat -c %s "$work/fill.hprof") / 1000000 )) MB" heap "$work/fill.hprof"
