#!/usr/bin/env bash
# Start-up cost of the agent, against the same demo without it (issue 2, item 9).
# Measures, as the median of RUNS launches each: the time until the application's main runs
# (from the JVM's own start time), the time from launch until the endpoint answers, and after
# SETTLE seconds: RSS, Java threads and loaded classes.
# Usage: bench/startup.sh [java-home]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME_USED="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
JAVA="$JAVA_HOME_USED/bin/java"
JCMD="$JAVA_HOME_USED/bin/jcmd"
RUNS="${RUNS:-5}"
SETTLE="${SETTLE:-5}"
AGENT=agent/target/opsagent.jar
DEMO=demo-target/target/demo-target.jar
[ -f "$AGENT" ] && [ -f "$DEMO" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run_once() { # $1 = with|without ; prints: main_ms first_answer_ms rss_kib threads classes
  local mode=$1 out dir pid t0 port url first=-1
  dir=$(mktemp -d); out="$dir/out"
  t0=$(date +%s%N)
  if [ "$mode" = empty ]; then
    "$JAVA" -javaagent:"$EMPTY_AGENT" -jar "$DEMO" >"$out" 2>&1 &
  elif [ "$mode" = with ]; then
    "$JAVA" -javaagent:"$AGENT"=port=0,data.dir="$dir/data" -jar "$DEMO" >"$out" 2>&1 &
  else
    "$JAVA" -jar "$DEMO" >"$out" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 1000); do
    if [ "$mode" = with ]; then
      url=$(sed -n 's/.*endpoint at \([^;]*\);.*/\1/p' "$out")
      if [ -n "$url" ] && curl -fs -o /dev/null "$url/health/live"; then first=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    else
      port=$(sed -n 's/^DEMO_PORT=//p' "$out")
      if [ -n "$port" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/status"; then first=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    fi
    sleep 0.005
  done
  sleep "$SETTLE"
  local main_ms rss threads classes
  main_ms=$(sed -n 's/^DEMO_MAIN_AT_MS=//p' "$out")
  rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  threads=$("$JCMD" "$pid" Thread.print 2>/dev/null | grep -c '^"' || true)
  # loaded = from class files + from the CDS archive (what jstat -class reports as Loaded)
  classes=$("$JCMD" "$pid" PerfCounter.print 2>/dev/null | awk -F= '/^java.cls.(shared)?[lL]oadedClasses=/ {n+=$2} END {print n}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  echo "$main_ms $first $rss $threads $classes"
}

# An agent whose premain does nothing: the JVM's own cost of -javaagent, which no agent can avoid.
EMPTY_DIR=$(mktemp -d)
printf 'public class EmptyAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }\n' >"$EMPTY_DIR/EmptyAgent.java"
"$JAVA_HOME_USED/bin/javac" -d "$EMPTY_DIR" "$EMPTY_DIR/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' >"$EMPTY_DIR/manifest.txt"
"$JAVA_HOME_USED/bin/jar" cfm "$EMPTY_DIR/empty-agent.jar" "$EMPTY_DIR/manifest.txt" -C "$EMPTY_DIR" EmptyAgent.class
EMPTY_AGENT="$EMPTY_DIR/empty-agent.jar"

declare -A R
for mode in without empty with; do : >"/tmp/opsagent-bench-$mode"; done
# The three modes take turns, so a change in the machine's load weighs on all of them alike.
for _ in $(seq 1 "$RUNS"); do
  for mode in without empty with; do run_once "$mode" >>"/tmp/opsagent-bench-$mode"; done
done
for mode in without empty with; do
  for col in 1 2 3 4 5; do R[$mode,$col]=$(awk -v c=$col '{print $c}' "/tmp/opsagent-bench-$mode" | median); done
done

echo "JDK: $("$JAVA" -version 2>&1 | head -1); runs: $RUNS (medians); settle: ${SETTLE}s"
printf '%-34s %12s %12s %12s\n' "" "without" "with agent" "added"
printf '%-34s %12s %12s %12s\n' "JVM start -> main (ms)" "${R[without,1]}" "${R[with,1]}" "$(echo "${R[with,1]} - ${R[without,1]}" | bc)"
printf '%-34s %12s %12s %12s\n' "  same with an empty agent (ms)" "${R[without,1]}" "${R[empty,1]}" "$(echo "${R[empty,1]} - ${R[without,1]}" | bc)"
printf '%-34s %12s %12s %12s\n' "  OpsAgent against the empty agent" "${R[empty,1]}" "${R[with,1]}" "$(echo "${R[with,1]} - ${R[empty,1]}" | bc)"
printf '%-34s %s\n' "  main at (ms), every run: without" "$(awk '{printf "%s ", $1}' /tmp/opsagent-bench-without)"
printf '%-34s %s\n' "                           empty" "$(awk '{printf "%s ", $1}' /tmp/opsagent-bench-empty)"
printf '%-34s %s\n' "                           with" "$(awk '{printf "%s ", $1}' /tmp/opsagent-bench-with)"
printf '%-34s %12s %12s %12s\n' "launch -> first answer (ms)" "${R[without,2]}" "${R[with,2]}" "(agent endpoint)"
printf '%-34s %12s %12s %12s\n' "RSS (MiB)" "$(echo "scale=1; ${R[without,3]}/1024" | bc)" "$(echo "scale=1; ${R[with,3]}/1024" | bc)" "$(echo "scale=1; (${R[with,3]} - ${R[without,3]})/1024" | bc)"
printf '%-34s %12s %12s %12s\n' "Java threads" "${R[without,4]}" "${R[with,4]}" "$(echo "${R[with,4]} - ${R[without,4]}" | bc)"
printf '%-34s %12s %12s %12s\n' "loaded classes" "${R[without,5]}" "${R[with,5]}" "$(echo "${R[with,5]} - ${R[without,5]}" | bc)"
