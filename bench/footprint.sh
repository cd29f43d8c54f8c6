#!/usr/bin/env bash
# Footprint of the agent (issue 20), measured as the issue states it, against the same demo-target
# with no agent and with an empty agent (a premain that returns at once, built here).
# Every launch: -Xms256m -Xmx256m -XX:+AlwaysPreTouch; once the demo serves, one answered request
# (the agent: an authenticated GET /health; without an agent: the demo's GET /status), then IDLE
# seconds idle, then in this order:
#   RSS           VmRSS from /proc/<pid>/status
#   classes       `jcmd <pid> VM.classloader_stats` Total (every loader, hidden classes included)
#   live heap     `jcmd <pid> GC.run`, then the used figure of `jcmd <pid> GC.heap_info`
#   classes after GC  the same Total 1 s after that full GC: the agent's GC listener loads the JDK's
#                 GC-notification classes at the first GC, which may or may not have come in the idle time;
#                 FootprintGuardTest compares this figure, which does not depend on that timing
#   before main   DEMO_MAIN_AT_MS, which demo-target prints (JVM start -> main)
# jcmd's own attach loads the same classes in every mode, so it cancels out of the "added" column.
# Prints medians of RUNS launches with [min-max], per JDK.
# Usage: bench/footprint.sh [java-home ...]   (default: JDK 17 and Temurin 25 if present)
# Env: RUNS (default 5), IDLE (default 10), RAW=dir (keep every launch's figures there).
# Build first: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
AGENT=agent/target/opsagent.jar
DEMO=demo-target/target/demo-target.jar
RUNS="${RUNS:-5}"
IDLE="${IDLE:-10}"
[ -f "$AGENT" ] && [ -f "$DEMO" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
if [ $# -gt 0 ]; then HOMES=("$@"); else
  HOMES=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for h in /usr/lib/jvm/temurin-25-jdk*; do [ -x "$h/bin/java" ] && HOMES+=("$h"); done
fi
# under target/ (ignored by git): a shared /tmp may be swept by other jobs during the long run
mkdir -p target && WORK=$(mktemp -d "$PWD/target/footprint.XXXXXX")
RAW="${RAW:-$WORK/raw}"; mkdir -p "$RAW"
trap 'rm -rf "$WORK"' EXIT

# "median [min-max]" of a column of numbers; $1 = divisor, $2 = printf format
stat_col() {
  sort -n | awk -v d="$1" -v f="$2" '{a[NR]=$1/d} END {
    m = (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2);
    printf f " [" f "-" f "]", m, a[1], a[NR] }'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

empty_agent() { # $1 = java home; builds an agent whose premain returns at once
  local h=$1 d="$WORK/empty-$(basename "$1")"
  mkdir -p "$d"
  printf 'public class EmptyAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) {} }\n' >"$d/EmptyAgent.java"
  # Java 8's javac has no --release; its own output is Java 8 already
  "$h/bin/javac" --release 8 -d "$d" "$d/EmptyAgent.java" 2>/dev/null || "$h/bin/javac" -d "$d" "$d/EmptyAgent.java"
  printf 'Premain-Class: EmptyAgent\n' >"$d/manifest.txt"
  "$h/bin/jar" cfm "$d/empty-agent.jar" "$d/manifest.txt" -C "$d" EmptyAgent.class
  echo "$d/empty-agent.jar"
}

run_once() { # $1 = java home, $2 = none|empty|agent, $3 = empty agent jar; prints: main_ms rss_kib classes live_kib classes_after_gc
  local h=$1 mode=$2 dir out pid port url token ok=0
  mkdir -p "$WORK"
  dir=$(mktemp -d -p "$WORK"); out="$dir/out"
  local flags=(-Xms256m -Xmx256m -XX:+AlwaysPreTouch)
  case $mode in
    none) "$h/bin/java" "${flags[@]}" -jar "$DEMO" >"$out" 2>&1 & ;;
    empty) "$h/bin/java" "${flags[@]}" -javaagent:"$3" -jar "$DEMO" >"$out" 2>&1 & ;;
    agent) "$h/bin/java" "${flags[@]}" -javaagent:"$AGENT"=port=0,data.dir="$dir/data" -jar "$DEMO" >"$out" 2>&1 & ;;
  esac
  pid=$!
  for _ in $(seq 1 600); do
    port=$(sed -n 's/^DEMO_PORT=//p' "$out")
    if [ "$mode" = agent ]; then
      url=$(sed -n 's/.*endpoint at \([^;]*\);.*/\1/p' "$out")
      if [ -n "$port" ] && [ -n "$url" ]; then
        token=$(cat "$dir/data/token")
        curl -fs -o /dev/null -H "Authorization: Bearer $token" "$url/health" && { ok=1; break; }
      fi
    elif [ -n "$port" ]; then
      curl -fs -o /dev/null "http://127.0.0.1:$port/status" && { ok=1; break; }
    fi
    sleep 0.05
  done
  # a launch that never answered (or whose directory vanished: this has been seen on the shared machine)
  # is reported and left out of the medians rather than ending the whole run
  [ $ok = 1 ] || { echo "no answer from a $mode launch; left out: $(cat "$out" 2>&1 | tail -3)" >&2; kill "$pid"; wait "$pid" 2>/dev/null; return 0; }
  sleep "$IDLE"
  [ -f "$out" ] || { echo "the $mode launch's directory vanished; left out" >&2; kill "$pid"; wait "$pid" 2>/dev/null; return 0; }
  local main_ms rss classes live classes_gc
  main_ms=$(sed -n 's/^DEMO_MAIN_AT_MS=//p' "$out")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  classes=$("$h/bin/jcmd" "$pid" VM.classloader_stats | awk '/^Total = / {print $(NF-2)}')
  "$h/bin/jcmd" "$pid" GC.run >/dev/null
  live=$("$h/bin/jcmd" "$pid" GC.heap_info | awk '/ used / {for (i=1;i<NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?$/,"",v); print v; exit}}')
  sleep 1
  classes_gc=$("$h/bin/jcmd" "$pid" VM.classloader_stats | awk '/^Total = / {print $(NF-2)}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$main_ms $rss $classes $live $classes_gc"
}

for h in "${HOMES[@]}"; do
  jdk=$(basename "$h")
  empty=$(empty_agent "$h")
  for mode in none empty agent; do : >"$RAW/$jdk-$mode"; done
  # interleaved, so a burst of load on the shared machine hits every mode alike
  for _ in $(seq 1 "$RUNS"); do
    for mode in none empty agent; do run_once "$h" "$mode" "$empty" >>"$RAW/$jdk-$mode"; done
  done
  echo "JDK: $("$h/bin/java" -version 2>&1 | head -1); $RUNS runs, medians [min-max]; idle ${IDLE}s; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
  printf '%-30s %20s %20s %20s %10s %14s\n' "" "no agent" "empty agent" "OpsAgent" "added" "above empty"
  row() { # label column divisor format
    local n e a mn me ma
    n=$(awk -v c="$2" '{print $c}' "$RAW/$jdk-none" | stat_col "$3" "$4")
    e=$(awk -v c="$2" '{print $c}' "$RAW/$jdk-empty" | stat_col "$3" "$4")
    a=$(awk -v c="$2" '{print $c}' "$RAW/$jdk-agent" | stat_col "$3" "$4")
    mn=$(awk -v c="$2" '{print $c}' "$RAW/$jdk-none" | median)
    me=$(awk -v c="$2" '{print $c}' "$RAW/$jdk-empty" | median)
    ma=$(awk -v c="$2" '{print $c}' "$RAW/$jdk-agent" | median)
    printf '%-30s %20s %20s %20s %+10.1f %+14.1f\n' "$1" "$n" "$e" "$a" \
      "$(echo "($ma - $mn) / $3" | bc -l)" "$(echo "($ma - $me) / $3" | bc -l)"
  }
  row "JVM start -> main (ms)" 1 1 "%.0f"
  row "RSS after idle (MiB)" 2 1024 "%.1f"
  row "loaded classes" 3 1 "%.0f"
  row "live heap after full GC (MiB)" 4 1024 "%.1f"
  row "loaded classes after full GC" 5 1 "%.0f"
  echo
done
