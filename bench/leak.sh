#!/usr/bin/env bash
# Leak detection benchmark (run by hand, not in CI): longer, slower runs than the integration tests.
# For each collector it runs a slow leak, churn, a cache plateau and a one-off step, each in its own JVM
# with the agent, polls GET /leaks every POLL seconds and prints one table: verdicts, time to first
# "suspected" and "likely", measured vs true growth rate, and the listener's cost per GC notification.
# Then it measures churn throughput with and without the agent.
#
#   bench/leak.sh                                # 50 KB/s leak, 10 min, 5 min window, 256 MB heaps
#   DURATION=180 WINDOW=2m RATE=250000 HEAP=128m bench/leak.sh    # the shortened run
#
# Environment: JAVA (java), COLLECTORS ("G1 Parallel Serial ZGC"), DURATION (600 s), WINDOW (5m),
# RATE (leak bytes/s, 50000), RECORD (bytes per leaked record, 1000; the demo leaks at least one record per
# 20 ms tick, so RECORD <= RATE/50), HIST (leak.histogram.interval, 2m), HEAP (256m), POLL (10 s),
# PARALLEL (how many JVMs at once, 4), THROUGHPUT_SECONDS (30; 0 skips the throughput part), THROUGHPUT_RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
COLLECTORS=${COLLECTORS:-"G1 Parallel Serial ZGC"}
DURATION=${DURATION:-600}
WINDOW=${WINDOW:-5m}
RATE=${RATE:-50000}
RECORD=${RECORD:-1000}
HEAP=${HEAP:-256m}
HIST=${HIST:-2m}
POLL=${POLL:-10}
PARALLEL=${PARALLEL:-4}
THROUGHPUT_SECONDS=${THROUGHPUT_SECONDS:-30}
THROUGHPUT_RUNS=${THROUGHPUT_RUNS:-3}
AGENT=$PWD/agent/target/opsagent.jar
DEMO=$PWD/demo-target/target/demo-target.jar
CHURN="/start/churn?bytesPerSecond=20000000&turnoverPerSecond=10000000"
OUT=$(mktemp -d /tmp/opsagent-leak-bench.XXXXXX)
[ -f "$AGENT" ] && [ -f "$DEMO" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }

flag() { case $1 in G1) echo -XX:+UseG1GC;; Parallel) echo -XX:+UseParallelGC;; Serial) echo -XX:+UseSerialGC;;
  ZGC) echo -XX:+UseZGC;; Shenandoah) echo -XX:+UseShenandoahGC;; *) echo "unknown collector $1" >&2; exit 2;; esac; }

# one <collector> <scenario>: runs one JVM, writes $OUT/<collector>-<scenario>.row
one() {
  local gc=$1 sc=$2 d=$OUT/$1-$2
  mkdir -p "$d"
  "$JAVA" $(flag "$gc") -Xms$HEAP -Xmx$HEAP \
    -javaagent:$AGENT=port=0,data.dir=$d/data,leak.window=$WINDOW,leak.histogram.interval=$HIST -jar "$DEMO" > "$d/out" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do grep -qs DEMO_PORT "$d/out" && grep -qs "endpoint at" "$d/out" && break; sleep 0.2; done
  local url dport tok
  url=$(grep -o 'endpoint at [^ ;]*' "$d/out" | head -1 | awk '{print $3}'); url=${url%/}
  dport=$(grep -o 'DEMO_PORT=[0-9]*' "$d/out" | cut -d= -f2)
  tok=$(cat "$(grep -o 'operator token in [^ ]*' "$d/out" | awk '{print $4}')")
  curl -s -X POST "http://127.0.0.1:$dport$CHURN" > /dev/null
  case $sc in
    leak) sleep 20; curl -s -X POST "http://127.0.0.1:$dport/start/leak?bytesPerSecond=$RATE&recordBytes=$RECORD&garbagePerSecond=0" > "$d/started";;
    cache) curl -s -X POST "http://127.0.0.1:$dport/start/cache?bytesPerSecond=5000000&maxBytes=30000000&garbagePerSecond=0" > /dev/null;;
    step) curl -s -X POST "http://127.0.0.1:$dport/start/step?bytes=30000000&garbagePerSecond=0" > /dev/null;;
  esac
  local start; start=$(date +%s)
  : > "$d/polls"
  while [ $(( $(date +%s) - start )) -lt "$DURATION" ] && kill -0 $pid 2>/dev/null; do
    sleep "$POLL"
    echo "$(( $(date +%s) - start )) $(curl -s -H "Authorization: Bearer $tok" "$url/leaks")" >> "$d/polls"
  done
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  # the demo answers "leaking N bytes/s": the rate it really runs at
  local actual; actual=$(grep -o 'leaking [0-9]*' "$d/started" 2>/dev/null | awk '{print $2}' || true); actual=${actual:-0}
  python3 - "$d/polls" "$gc" "$sc" "$actual" "$RECORD" > "$OUT/$gc-$sc.row" <<'PY'
import json, sys
path, gc, sc, rate, record = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
first = {"suspected": None, "likely": None}
last, flagged = None, 0
for line in open(path):
    t, _, body = line.partition(" ")
    try:
        j = json.loads(body)
    except ValueError:
        continue
    last = j
    v = j["verdict"]
    if v != "none":
        flagged += 1
        if first["suspected"] is None:
            first["suspected"] = int(t)
    if v == "likely" and first["likely"] is None:
        first["likely"] = int(t)
if last is None:
    print(f"{gc:10} {sc:6} no answer")
    sys.exit()
# each record retains its payload plus 44 bytes: object 24, array header 16, list slot 4 (compressed oops)
true = rate * 60.0 * (record + 44) / record if sc == "leak" and rate else 0.0
got = last["growthBytesPerMinute"]
err = f"{100.0 * (got - true) / true:+.1f}%" if true else "-"
lst = last.get("listener", {})
named = "yes" if any(c["className"].endswith("DemoLeakedRecord") for c in last["growingClasses"]) else "no"
fmt = lambda x: "-" if x is None else f"{x}s"
print(f"{gc:10} {sc:6} {last['verdict']:9} {flagged:4} {fmt(first['suspected']):>7} {fmt(first['likely']):>7} "
      f"{got / 1048576:9.2f} {true / 1048576:9.2f} {err:>7} {named:5} {last['samples']:4} {lst.get('notifications', 0):6} "
      f"{lst.get('nanosPerNotification', 0):8}")
PY
}

echo "leak bench: collectors [$COLLECTORS], ${DURATION}s per run, window $WINDOW, leak $RATE B/s in $RECORD-byte records, heap $HEAP, output in $OUT"
jobs_running() { jobs -rp | wc -l; }
for gc in $COLLECTORS; do
  for sc in leak churn cache step; do
    while [ "$(jobs_running)" -ge "$PARALLEL" ]; do sleep 1; done
    one "$gc" "$sc" &
  done
done
wait
printf "%-10s %-6s %-9s %4s %7s %7s %9s %9s %7s %5s %4s %6s %8s\n" collector run verdict flag suspct likely "MiB/min" "true" error class n gcs "ns/gc"
cat "$OUT"/*-leak.row "$OUT"/*-churn.row "$OUT"/*-cache.row "$OUT"/*-step.row 2>/dev/null || true
echo "(flag = polls not 'none'; suspct/likely = first time, seconds after the leak or workload started; ns/gc = listener time per GC notification)"

if [ "$THROUGHPUT_SECONDS" -gt 0 ]; then
  echo
  echo "churn throughput (ops/s, ${THROUGHPUT_SECONDS}s after 5s warm-up, G1, -Xmx256m), interleaved, ${THROUGHPUT_RUNS} runs each:"
  without="" with=""
  # Interleaved, so a machine that gets busier or quieter during the runs affects both alike.
  for _ in $(seq 1 "$THROUGHPUT_RUNS"); do
    for mode in without with; do
      if [ $mode = with ]; then a="-javaagent:$AGENT=port=0,data.dir=$OUT/tp-data"; else a=""; fi
      r=$("$JAVA" -XX:+UseG1GC -Xmx256m $a bench/LeakChurnThroughput.java "$THROUGHPUT_SECONDS" 2>/dev/null | grep -o 'THROUGHPUT_OPS_PER_S=[0-9]*' | cut -d= -f2)
      if [ $mode = with ]; then with="$with $r"; else without="$without $r"; fi
    done
  done
  echo "  without agent:$without"
  echo "  with agent:   $with"
fi
