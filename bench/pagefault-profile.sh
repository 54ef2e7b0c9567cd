#!/usr/bin/env bash
# Research harness for the growth profile (issue 23): async-profiler's perf event 'page-faults' on zoo JVMs, driven
# directly (the library from offheap's async-profiler dependency, loaded with the attach 'load' operation), NMT off.
# For each KIND: starts the zoo program, waits for "ready" and WARMUP seconds, records smaps_rollup and CPU time,
# profiles SECONDS at INTERVAL faults per sample, stops with collapsed output, and prints: samples and samples/s,
# the RSS growth against samples x INTERVAL x 4 KiB, AnonHugePages growth, samples x INTERVAL against the faults the
# kernel counted (/proc/PID/stat minflt + majflt), the target's CPU in the window, the share
# of samples whose stack matches the kind's culprit pattern, perf_event fds and threads left after stop, and the top
# stacks (last frames). Every file it makes is in one folder removed at exit; every JVM it starts is killed.
# Usage: bench/pagefault-profile.sh [JAVA_HOME] [SECONDS] [INTERVAL] [KIND[:ARGS]...]
#   KIND: direct unsafe zip zstd jna thread metaspace malloc idle warmup churn (default: all); ARGS replace the program's
#   arguments, comma-separated (unsafe:64 leaks 64 MiB/s). Env: WARMUP (s, default 5), TOP (stacks, default 3),
#   KEEP=DIR copies the collapsed files there, START_OPTS (default "threads,": the thread as the root frame), OUTPUT
#   (async-profiler output options, default collapsed,lib: library names before native frames), JVM_OPTS (extra
#   target options), TARGET_PREFIX (e.g. 'taskset -c 1').
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
java_home="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
seconds="${2:-20}"
interval="${3:-1}"
shift $(( $# < 3 ? $# : 3 ))
kinds=("$@")
((${#kinds[@]})) || kinds=(direct unsafe zip zstd jna thread metaspace malloc idle warmup churn)
warmup="${WARMUP:-5}"
top="${TOP:-3}"
m2="${M2_REPO:-$HOME/.m2/repository}"
zoo="$here/zoo/target/offheap-zoo.jar"
[[ -f $zoo ]] || (cd "$here" && mvn -B -q -o -DskipTests package)
cp="$zoo:$m2/com/github/luben/zstd-jni/1.5.7-6/zstd-jni-1.5.7-6.jar:$m2/net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar"
work=$(mktemp -d /tmp/pagefault-bench-XXXXXX)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
unzip -q -o "$m2/tools/profiler/async-profiler/4.6/async-profiler-4.6.jar" linux-x64/libasyncProfiler.so -d "$work"
lib="$work/linux-x64/libasyncProfiler.so"
cat >"$work/Load.java" <<'EOF'
import com.sun.tools.attach.VirtualMachine;
/** Load PID LIBRARY OPTIONS: the attach 'load' operation, as offheap sends it; prints "ok" or the JVM's error. */
public class Load {
    public static void main(String[] a) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(a[0]);
        try {
            vm.loadAgentPath(a[1], a[2]);
            System.out.println("ok");
        } catch (Exception e) {
            System.out.println("error: " + e.getMessage());
        } finally {
            vm.detach();
        }
    }
}
EOF
javac -d "$work" "$work/Load.java"
load() { java -cp "$work" Load "$pid" "$lib" "$1"; }

# kind -> main class, default arguments, culprit pattern (an extended regex on the collapsed stack), JVM options
program() {
  case $1 in
    direct) echo "DirectBufferLeak 0,8,1000000 java/nio/DirectByteBuffer.<init>|java/nio/ByteBuffer.allocateDirect -XX:MaxDirectMemorySize=4g" ;;
    unsafe) echo "UnsafeLeak 8 Unsafe.allocateMemory|Unsafe.setMemory|Unsafe_AllocateMemory|Unsafe_SetMemory" ;;
    zip) echo "ZipLeak 40 java/util/zip/Deflater" ;;
    zstd) echo "ZstdLeak 100,4 com/github/luben/zstd" ;;
    jna) echo "JnaLeak 8,256 com/sun/jna/" ;;
    thread) echo "ThreadLeak 20 java/lang/Thread.start|JVM_StartThread|thread_native_entry" ;;
    metaspace) echo "ClassLoaderLeak 400 ClassLoader.defineClass|SystemDictionary::resolve_from_stream|Metaspace" ;;
    malloc) echo "MallocLoop 1000 Unsafe.allocateMemory|Unsafe_AllocateMemory" ;;
    idle) echo "Idle 3600 (none)" ;;
    warmup) echo "HealthyWarmup 4,64 (none) -Xmx256m -Xms16m" ;;
    churn) echo "ThreadChurn 1000,200 (none)" ;;
    *) echo "unknown kind: $1" >&2; exit 2 ;;
  esac
}
rollup() { awk '/^Rss:/ { r = $2 } /^AnonHugePages:/ { h = $2 } END { print r, h }' "/proc/$pid/smaps_rollup"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
# minor + major faults of the process so far (all threads, dead ones too), what the kernel counts without a profiler
faults() { awk '{ print $10 + $12 }' "/proc/$pid/stat"; }
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))

echo "async-profiler 4.6 event=page-faults interval=$interval, $seconds s after ${warmup} s warm-up; $("$java_home/bin/java" -version 2>&1 | sed -n 2p)"
for spec in "${kinds[@]}"; do
  kind="${spec%%:*}"
  read -r main args pattern opts < <(program "$kind")
  [[ $spec == *:* ]] && args="${spec#*:}"
  out="$work/$kind.out"
  : >"$out"
  # shellcheck disable=SC2086
  ${TARGET_PREFIX:-} "$java_home/bin/java" -Xmx64m ${opts:-} ${JVM_OPTS:-} -cp "$cp" "dev.offheap.zoo.$main" ${args//,/ } >"$out" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 60))
  until grep -q '^ready' "$out"; do
    ((SECONDS < deadline)) || { echo "$kind: no 'ready' within 60 s; output: $(head -c 300 "$out")"; exit 1; }
    kill -0 "$pid" 2>/dev/null || { echo "$kind: exited before 'ready': $(head -c 300 "$out")"; exit 1; }
    sleep 0.2
  done
  sleep "$warmup"
  # thread names with digits replaced by N, so that threads the program itself keeps starting do not count
  threads0=$(sed 's/[0-9][0-9]*/N/g' /proc/$pid/task/*/comm | sort -u)
  read -r rss_before _ < <(rollup); c0=$(cpu_ticks)
  res=$(load "start,event=page-faults,interval=$interval,${START_OPTS:-threads,}file=$work/$kind.collapsed,log=$work/$kind.log")
  c1=$(cpu_ticks); read -r rss0 huge0 < <(rollup); t0=$(date +%s%N); f0=$(faults)
  [[ $res == ok ]] || { echo "$kind: start failed: $res $(cat "$work/$kind.log" 2>/dev/null)"; kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; continue; }
  fds_during=$(ls -l /proc/$pid/fd 2>/dev/null | grep -c perf_event || true)
  sleep "$seconds"
  c2=$(cpu_ticks); read -r rss1 huge1 < <(rollup); t1=$(date +%s%N); f1=$(faults)
  res=$(load "stop,file=$work/$kind.collapsed,${OUTPUT:-collapsed,lib},log=$work/$kind.log")
  c3=$(cpu_ticks); read -r rss_after _ < <(rollup)
  fds_after=$(ls -l /proc/$pid/fd 2>/dev/null | grep -c perf_event || true)
  threads1=$(sed 's/[0-9][0-9]*/N/g' /proc/$pid/task/*/comm | sort -u)
  [[ -n ${KEEP:-} ]] && cp "$work/$kind.collapsed" "$KEEP/$kind-$interval.collapsed"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v kind="$kind" -v pattern="$pattern" -v interval="$interval" -v rss0="$rss0" -v rss1="$rss1" -v huge0="$huge0" \
    -v huge1="$huge1" -v ns=$((t1 - t0)) -v cpu=$(( (c2 - c1) * tick_ms )) -v start_ms=$(( (c1 - c0) * tick_ms )) \
    -v stop_ms=$(( (c3 - c2) * tick_ms )) -v fds="$fds_during/$fds_after" -v top="$top" \
    -v start_kib=$((rss0 - rss_before)) -v stop_kib=$((rss_after - rss1)) -v kernel_faults=$((f1 - f0)) '
    { n = $NF; stack = substr($0, 1, length($0) - length(n) - 1); total += n; if (stack ~ pattern) hit += n
      sub(/^\[[^]]* tid=[0-9]+\];/, "", stack); count[stack] += n } # top stacks merged over threads
    END {
      secs = ns / 1e9; est = total * interval * 4; grew = rss1 - rss0
      printf "%-9s samples %7d (%6.0f/s) est %7.1f MiB  rss %+7.1f MiB (%5.1f MiB/s)  est/rss %5.2f  huge %+d MiB  samples x interval / minflt+majflt %.2f  culprit %5.1f%%  cpu %4d ms (start %d ms %+.1f MiB, stop %d ms %+.1f MiB)  perf fds during/after %s\n",
        kind, total, total / secs, est / 1024, grew / 1024, grew / 1024 / secs, (grew > 0 ? est / grew : 0), (huge1 - huge0) / 1024,
        (kernel_faults ? total * interval / kernel_faults : 0), (total ? 100 * hit / total : 0), cpu, start_ms, start_kib / 1024, stop_ms, stop_kib / 1024, fds
      for (s in count) {
        k = split(s, f, ";"); line = ""
        for (j = (k > 7 ? k - 6 : 1); j <= k; j++) line = line (line == "" ? "" : ";") f[j]
        printf "%d\t    %5.1f%%  %s%s\n", count[s], 100 * count[s] / total, (k > 7 ? "…;" : ""), line | "sort -t\"\t\" -k1,1nr | head -" top " | cut -f2-"
      }
    }' "$work/$kind.collapsed"
  new_threads=$(comm -13 <(echo "$threads0") <(echo "$threads1") | tr '\n' ',')
  [[ -n $new_threads ]] && echo "    threads after stop that were not there before start: ${new_threads%,}"
done
