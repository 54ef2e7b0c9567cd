#!/usr/bin/env bash
# The safepoint pause each class/metaspace source costs its target (issue 26): a zoo ClassLoaderFarm JVM with
# LOADERS class loaders defining PER_LOADER classes each (default 10,000 x 5 = 50,000 classes besides the JDK's),
# started with -Xlog:safepoint; then each command is run ROUNDS times with the JDK's own jcmd, and the safepoints
# the target logged while it ran are summed: time to reach the safepoint, time at it (the operation), total.
# "none" means the target logged no safepoint for it. Reading the hsperfdata file needs no attach at all.
# JDK 25's jcmd asks for streaming output, and the target then writes the output to the socket while it is still at
# the safepoint; offheap's attach client asks for none (streaming=0). So on JDK 25+ a second table is measured
# without streaming: the target started with -Djdk.attach.vm.streaming=false and asked by a v1 client
# (NOSTREAM_JCMD, default JDK 17's jcmd), which leaves the choice to the target.
# Prints a table per JDK; asserts nothing. Kills the JVMs it starts and removes its folder.
# Usage: bench/metaspace-pause.sh [ROUNDS] [LOADERS] [PER_LOADER] [JAVA_HOME...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"; loaders="${2:-10000}"; per_loader="${3:-5}"; shift $(( $# < 3 ? $# : 3 ))
homes=("$@")
[ ${#homes[@]} -gt 0 ] || homes=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64)
jar="$here/zoo/target/offheap-zoo.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -o -DskipTests package)
work=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

# sums the safepoint lines (JDK 17 and 25 layout):
# [5.531s][info][safepoint] Safepoint "ClassLoaderStatsOperation", Time since last: 1485424044 ns, Reaching safepoint: 5375 ns, Cleanup: 14146 ns, At safepoint: 208859 ns, Total: 228380 ns
# The VM's own periodic "Cleanup" safepoints and GC pauses the workload might cause are left out.
pauses() {
  grep -v -e '"Cleanup"' -e '"G1' -e '"ParallelGC' -e '"GenCollect' | awk '
    { n++; op = $0; sub(/^.*Safepoint "/, "", op); sub(/".*$/, "", op); ops[op] = 1
      for (i = 1; i <= NF; i++) {
        if ($i == "Reaching") reach += $(i + 2)
        if ($i == "At") at += $(i + 2)
        if ($i == "Total:") total += $(i + 1) } }
    END { if (n == 0) { print "0 0 0 0 none"; exit }
          s = ""; for (o in ops) s = s (s == "" ? "" : "+") o
          printf "%d %d %d %d %s\n", n, reach, at, total, s }'
}

nostream_jcmd="${NOSTREAM_JCMD:-/usr/lib/jvm/java-17-openjdk-amd64/bin/jcmd}"

# table HOME JCMD LABEL [JVM_OPTION...]
table() {
  local home=$1 jcmd=$2 label=$3; shift 3
  local version major log start built classes cld c n_sum reach_sum at_sum total_sum wall_sum bytes ops s n reach at total op
  version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  log="$work/safepoint-$major.log"
  start=$(date +%s%N)
  "$home/bin/java" -Xmx1g "$@" -Xlog:safepoint:file="$log" -cp "$jar" dev.offheap.zoo.ClassLoaderFarm "$loaders" "$per_loader" \
    > "$work/out" 2>&1 &
  pid=$!
  for _ in $(seq 1200); do grep -q ready "$work/out" && break; kill -0 "$pid" || break; sleep 0.25; done
  grep -q ready "$work/out" || { echo "ClassLoaderFarm on $version did not get ready:"; cat "$work/out"; exit 1; }
  built=$(( ($(date +%s%N) - start) / 1000000 ))
  "$jcmd" "$pid" PerfCounter.print > "$work/perf"
  classes=$(awk -F= '$1 == "java.cls.loadedClasses" {print $2}' "$work/perf")
  cld=$("$jcmd" "$pid" VM.classloader_stats | awk '/^Total = / {print $3}')
  commands=("hsperfdata" "PerfCounter.print" "VM.metaspace basic" "VM.metaspace" "VM.metaspace show-loaders"
    "VM.classloader_stats" "VM.classloaders" "VM.classloaders show-classes" "VM.class_hierarchy"
    "GC.class_histogram" "GC.class_histogram -all")
  if [ "$major" -ge 22 ]; then commands+=("VM.classes"); fi
  echo
  echo "JDK $version, $label: $classes classes loaded, $cld loaders with class loader data in VM.classloader_stats (farm built in ${built} ms)"
  printf '%-30s %10s %12s %12s %12s %10s %12s  %s\n' "source" "safepoints" "reach (ms)" "at sp (ms)" \
    "total (ms)" "wall (ms)" "output (KB)" "operation"
  for c in "${commands[@]}"; do
    n_sum=0; reach_sum=0; at_sum=0; total_sum=0; wall_sum=0; bytes=0; ops="none"
    for _ in $(seq "$rounds"); do
      sleep 0.5
      before=$(wc -l < "$log")
      s=$(date +%s%N)
      if [ "$c" = hsperfdata ]; then
        bytes=$(cat "/tmp/hsperfdata_$(id -un)/$pid" | wc -c)
      else
        # shellcheck disable=SC2086
        bytes=$("$jcmd" "$pid" $c | wc -c)
      fi
      wall_sum=$(( wall_sum + ($(date +%s%N) - s) / 1000000 ))
      sleep 0.3   # the target writes its safepoint line as the operation ends
      read -r n reach at total op < <(tail -n +"$((before + 1))" "$log" | pauses)
      n_sum=$((n_sum + n)); reach_sum=$((reach_sum + reach)); at_sum=$((at_sum + at)); total_sum=$((total_sum + total))
      [ "$op" != none ] && ops=$op
    done
    awk -v c="$c" -v r="$rounds" -v n="$n_sum" -v re="$reach_sum" -v at="$at_sum" -v t="$total_sum" -v w="$wall_sum" \
        -v b="$bytes" -v op="$ops" 'BEGIN {
      if (n == 0) printf "%-30s %10s %12s %12s %12s %10.0f %12.0f  %s\n", c, "0", "-", "-", "none", w / r, b / 1024, op
      else printf "%-30s %10.1f %12.3f %12.3f %12.3f %10.0f %12.0f  %s\n", c, n / r, re / r / 1e6, at / r / 1e6, t / r / 1e6, w / r, b / 1024, op }'
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

for home in "${homes[@]}"; do
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  table "$home" "$home/bin/jcmd" "its own jcmd"
  if [ "$major" -ge 25 ]; then
    table "$home" "$nostream_jcmd" "no streaming output (v1 client, -Djdk.attach.vm.streaming=false)" -Djdk.attach.vm.streaming=false
  fi
done
echo
echo "per command: mean of $rounds rounds; safepoints = safepoints the target logged per call; total = reach + cleanup + at safepoint"
