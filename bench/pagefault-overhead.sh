#!/usr/bin/env bash
# The cost of a page-fault profile (async-profiler 4.6, event=page-faults) to its target, against a control JVM:
# two identical zoo JVMs pinned to the same core (taskset), one profiled. Three windows of SECONDS each: before, while
# profiling (after the start command returned) and after stop. For a program that reports its work (the zoo's
# WorkMeter: MallocLoop) the figure is CPU time per operation, else CPU time (utime + stime, clock ticks); each
# window's profiled/control ratio is divided by the 'before' ratio. Prints the extra CPU as % of one core, the samples
# per second and the CPU cost per sample; and the CPU the target spent in the start and stop commands themselves.
# Usage: bench/pagefault-overhead.sh [JAVA_HOME] [SECONDS] [INTERVAL] [KIND[:ARGS]...]
#   KIND as in bench/pagefault-profile.sh (default: malloc unsafe:10 unsafe:100), churn is ThreadChurn at full speed
#   (the cost of async-profiler's pthread_create hook, which stays); CORE (default: the last one).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
java_home="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
seconds="${2:-20}"
interval="${3:-1}"
shift $(( $# < 3 ? $# : 3 ))
kinds=("$@")
((${#kinds[@]})) || kinds=(malloc unsafe:10 unsafe:100)
core="${CORE:-$(( $(nproc) - 1 ))}"
m2="${M2_REPO:-$HOME/.m2/repository}"
zoo="$here/zoo/target/offheap-zoo.jar"
[[ -f $zoo ]] || (cd "$here" && mvn -B -q -o -DskipTests package)
cp="$zoo:$m2/com/github/luben/zstd-jni/1.5.7-6/zstd-jni-1.5.7-6.jar:$m2/net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar"
work=$(mktemp -d /tmp/pagefault-overhead-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
unzip -q -o "$m2/tools/profiler/async-profiler/4.6/async-profiler-4.6.jar" linux-x64/libasyncProfiler.so -d "$work"
lib="$work/linux-x64/libasyncProfiler.so"
cat >"$work/Load.java" <<'EOF'
import com.sun.tools.attach.VirtualMachine;
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
program() {
  case $1 in
    direct) echo "DirectBufferLeak 0,8,1000000 -XX:MaxDirectMemorySize=64g" ;;
    unsafe) echo "UnsafeLeak 8" ;;
    zip) echo "ZipLeak 40" ;;
    zstd) echo "ZstdLeak 100,4" ;;
    jna) echo "JnaLeak 8,256" ;;
    thread) echo "ThreadLeak 20" ;;
    metaspace) echo "ClassLoaderLeak 400" ;;
    malloc) echo "MallocLoop 1000" ;;
    idle) echo "Idle 3600" ;;
    churn) echo "ThreadChurn 1000" ;;
    *) echo "unknown kind: $1" >&2; exit 2 ;;
  esac
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# the last WorkMeter line: "work ops=N cpu=NS wall=NS" -> "N NS"
meter() { grep '^work ' "$1" | tail -1 | sed 's/work ops=\([0-9]*\) cpu=\([0-9]*\).*/\1 \2/'; }
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))
echo "event=page-faults interval=$interval, windows of $seconds s, both JVMs on core $core; $("$java_home/bin/java" -version 2>&1 | sed -n 2p)"
for spec in "${kinds[@]}"; do
  kind="${spec%%:*}"
  read -r main args opts < <(program "$kind")
  [[ $spec == *:* ]] && args="${spec#*:}"
  for who in a b; do
    : >"$work/$who.out"
    # shellcheck disable=SC2086
    taskset -c "$core" "$java_home/bin/java" -Xmx64m ${opts:-} -cp "$cp" "dev.offheap.zoo.$main" ${args//,/ } >"$work/$who.out" 2>&1 &
    pids+=($!)
    eval "pid_$who=$!"
  done
  deadline=$((SECONDS + 60))
  until grep -q '^ready' "$work/a.out" && grep -q '^ready' "$work/b.out"; do
    ((SECONDS < deadline)) || { echo "$kind: no 'ready' within 60 s"; exit 1; }
    sleep 0.2
  done
  sleep 10
  metered=false
  grep -q '^work ' "$work/a.out" && metered=true
  # one window: prints "cpuA cpuB" (ms) or, for metered programs, "nsPerOpA nsPerOpB"
  window() {
    local a0 b0 a1 b1
    if $metered; then
      read -r oa0 ca0 < <(meter "$work/a.out"); read -r ob0 cb0 < <(meter "$work/b.out")
      sleep "$seconds"
      read -r oa1 ca1 < <(meter "$work/a.out"); read -r ob1 cb1 < <(meter "$work/b.out")
      awk -v oa=$((oa1 - oa0)) -v ca=$((ca1 - ca0)) -v ob=$((ob1 - ob0)) -v cb=$((cb1 - cb0)) 'BEGIN { printf "%.4f %.4f\n", ca / oa, cb / ob }'
    else
      a0=$(ticks "$pid_a"); b0=$(ticks "$pid_b")
      sleep "$seconds"
      a1=$(ticks "$pid_a"); b1=$(ticks "$pid_b")
      echo "$(( (a1 - a0) * tick_ms )) $(( (b1 - b0) * tick_ms ))"
    fi
  }
  read -r a0 b0 < <(window)
  s0=$(ticks "$pid_a")
  res=$(java -cp "$work" Load "$pid_a" "$lib" "start,event=page-faults,interval=$interval,file=$work/a.collapsed,log=$work/a.log")
  s1=$(ticks "$pid_a")
  [[ $res == ok ]] || { echo "$kind: start failed: $res $(cat "$work/a.log")"; exit 1; }
  t0=$(date +%s%N)
  read -r a1 b1 < <(window)
  t1=$(date +%s%N)
  s2=$(ticks "$pid_a")
  java -cp "$work" Load "$pid_a" "$lib" "stop,file=$work/a.collapsed,collapsed,log=$work/a.log" >/dev/null
  s3=$(ticks "$pid_a")
  read -r a2 b2 < <(window)
  samples=$(awk '{ n += $NF } END { print n + 0 }' "$work/a.collapsed")
  awk -v kind="$spec" -v metered=$metered -v a0="$a0" -v b0="$b0" -v a1="$a1" -v b1="$b1" -v a2="$a2" -v b2="$b2" \
    -v samples="$samples" -v secs="$(( (t1 - t0) / 1000000 ))" -v start=$(( (s1 - s0) * tick_ms )) -v stop=$(( (s3 - s2) * tick_ms )) \
    -v w="$seconds" 'BEGIN {
      base = a0 / b0; during = (a1 / b1) / base; after = (a2 / b2) / base
      sps = samples / (secs / 1000)
      if (metered == "true") {
        printf "%-12s %.2f ns/op control %.2f: while profiling %.3fx, after %.3fx; %d samples (%.0f/s); start %d ms, stop %d ms CPU\n",
          kind, a0, b0, during, after, samples, sps, start, stop
      } else {
        extra = a1 - b1 * base
        printf "%-12s cpu before %d/%d ms: while profiling %.3fx (%+.2f%% of a core, %.1f us/sample), after %.3fx; %d samples (%.0f/s); start %d ms, stop %d ms CPU\n",
          kind, a0, b0, during, 100 * extra / (w * 1000), (samples ? 1000 * extra / samples : 0), after, samples, sps, start, stop
      }
    }'
  for p in "$pid_a" "$pid_b"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  pids=()
  rm -f "$work/a.collapsed" "$work/a.log"
done
