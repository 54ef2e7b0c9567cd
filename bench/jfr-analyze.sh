#!/usr/bin/env bash
# 'offheap analyze FILE.jfr' against the JDK's own 'jfr summary FILE.jfr' on the same recording: wall time and peak
# memory (the largest RSS of each process), the median of RUNS runs each, alternating, and their ratios. Both are
# JVMs started from scratch as a user starts them (./offheap and the JDK's jfr launcher, same JDK). 'jfr summary'
# reads every chunk's header and skips each event by its size; offheap parses the memory and configuration events
# it uses with the JDK's event stream. Prints, asserts nothing.
#
# Usage: bench/jfr-analyze.sh [FILE.jfr] [RUNS]       (default: a recording made here; 5 runs)
#
# Without FILE it records one first: the zoo's SteadyService (8 workers handling a small request every 25 ms, two
# of them taking turns on a lock, a burst of garbage every 10 s for the GC; a few percent of a core) with JFR's
# default settings (-XX:StartFlightRecording=settings=default, dumped at exit) on JFR_JAVA (default: JDK 25, which
# records RSS every second) for JFR_MINUTES (default 60): an hour of that quiet service is about 23 MB. There is no
# faster honest way to an hour-long recording: JFR stamps events with the JVM's clock, and a shorter, busier
# recording of the same size would hold a different mix of events.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
file="${1:-}"
runs="${2:-5}"
minutes="${JFR_MINUTES:-60}"
jfr_java="${JFR_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
"$here/offheap" --version >/dev/null # builds the jar on first use
work=$(mktemp -d)
jvm=""
cleanup() { [[ -n $jvm ]] && kill "$jvm" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [[ -z $file ]]; then
  file="$work/steady.jfr"
  echo "recording the zoo's SteadyService with JFR's default settings for $minutes min ($jfr_java)..."
  (cd "$work" && exec "$jfr_java" -Xmx256m -XX:FlightRecorderOptions=repository="$work/repository" \
    -XX:StartFlightRecording=settings=default,filename="$file",dumponexit=true \
    -cp "$here/zoo/target/offheap-zoo.jar" dev.offheap.zoo.SteadyService 8 >"$work/steady.out" 2>&1) &
  jvm=$!
  sleep $((minutes * 60))
  kill -TERM "$jvm"
  wait "$jvm" 2>/dev/null || true
  jvm=""
fi
jdk_bin="$(dirname "$(readlink -f "$(command -v java)")")"
echo "recording: $file, $(du -h "$file" | cut -f1); $("$jdk_bin/jfr" summary "$file" | awk '/^ Duration:/ { print "duration " $2 " " $3 }')"
echo "  (JDK of both tools: $("$jdk_bin/java" -version 2>&1 | head -1))"
# one run: "seconds max-rss-kB" of the command, its output discarded
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true; cat "$work/time"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
measure "$here/offheap" analyze "$file" >/dev/null # warms the page cache and the launcher's class data archive
measure "$jdk_bin/jfr" summary "$file" >/dev/null
ot=(); om=(); jt=(); jm=()
printf '  %-4s %22s %22s\n' run "offheap analyze" "jfr summary"
for r in $(seq "$runs"); do
  read -r t m < <(measure "$here/offheap" analyze "$file"); ot+=("$t"); om+=("$m")
  read -r u n < <(measure "$jdk_bin/jfr" summary "$file"); jt+=("$u"); jm+=("$n")
  printf '  %-4s %10s s %7s MiB %10s s %7s MiB\n' "$r" "$t" "$((m / 1024))" "$u" "$((n / 1024))"
done
mot=$(median "${ot[@]}"); mom=$(median "${om[@]}"); mjt=$(median "${jt[@]}"); mjm=$(median "${jm[@]}")
awk -v a="$mot" -v b="$mjt" -v c="$mom" -v d="$mjm" 'BEGIN {
  printf "median: offheap analyze %.2f s, %.0f MiB; jfr summary %.2f s, %.0f MiB\n", a, c / 1024, b, d / 1024
  printf "ratios (offheap / jfr summary): time %.2fx, peak memory %.2fx (goal: at most 2x)\n", a / b, c / d }'
