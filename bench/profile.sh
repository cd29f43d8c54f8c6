#!/usr/bin/env bash
# Profiling cost benchmark (run by hand, not in CI). One JVM runs bench/ProfileThroughput.java with the
# agent; phases of PHASE seconds alternate: idle, cpu profile, idle, alloc profile, idle, leak-site
# sampling (GET /leaks?sites=...), each ROUNDS times, interleaved so drift on a shared machine hits
# every phase alike. Prints the application's mean ops/s per phase and the change against idle.
#
#   bench/profile.sh                       # 10 s phases, 3 rounds, default intervals
#   PHASE=20 ROUNDS=5 JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/profile.sh
#   JAVA=~/.cache/opsagent-jdks/jdk-8/bin/java bench/profile.sh   # Java 8: sites by constructor sampling
#   LIB=/dev/null bench/profile.sh                               # no async-profiler: JFR, constructor sampling
#
# Environment: JAVA (java), PHASE (10 s), ROUNDS (3), HEAP (256m), ENGINE (auto | jfr: profile.engine),
# LIB (profile.lib: a file that is not a library makes async-profiler unavailable).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
PHASE=${PHASE:-10}
ROUNDS=${ROUNDS:-3}
HEAP=${HEAP:-256m}
ENGINE=${ENGINE:-auto}
AGENT=$PWD/agent/target/opsagent.jar
OUT=$(mktemp -d /tmp/opsagent-profile-bench.XXXXXX)
[ -f "$AGENT" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
TOTAL=$(( (PHASE + 1) * 6 * ROUNDS + 30 ))

APP=(bench/ProfileThroughput.java)
if "$JAVA" -version 2>&1 | grep -q 'version "1\.8'; then
  # Java 8 has no source launcher
  javac --release 8 -d "$OUT/classes" bench/ProfileThroughput.java
  APP=(-cp "$OUT/classes" ProfileThroughput)
fi
"$JAVA" -Xms$HEAP -Xmx$HEAP -javaagent:$AGENT=port=0,data.dir=$OUT/data,profile.engine=$ENGINE${LIB:+,profile.lib=$LIB} \
  "${APP[@]}" "$TOTAL" > "$OUT/app" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 150); do grep -qs "endpoint at" "$OUT/app" && grep -qs "^OPS" "$OUT/app" && break; sleep 0.2; done
URL=$(grep -o 'endpoint at [^ ;]*' "$OUT/app" | head -1 | awk '{print $3}'); URL=${URL%/}
TOK=$(cat "$OUT/data/token")
sleep 10 # JIT warm-up
now() { date +%s%3N; }
: > "$OUT/phases"
phase() { # <name> <command...>: runs for PHASE seconds, records its window
  local name=$1; shift
  local t0; t0=$(now)
  "$@"
  local t1; t1=$(now)
  echo "$name $t0 $t1" >> "$OUT/phases"
  sleep 1
}
idle() { sleep "$PHASE"; }
prof() { curl -s -o "$OUT/last.$1" -D "$OUT/headers.$1" -X POST -H "Authorization: Bearer $TOK" "$URL/profile?event=$1&duration=${PHASE}s&format=collapsed"; }
sites() { curl -s -o "$OUT/sites.json" -H "Authorization: Bearer $TOK" "$URL/leaks?sites=ProfileThroughput\$BenchRecord&duration=${PHASE}s"; }
for r in $(seq "$ROUNDS"); do
  phase idle idle; phase cpu prof cpu
  phase idle idle; phase alloc prof alloc
  phase idle idle; phase sites sites
done
kill $PID 2>/dev/null || true
wait $PID 2>/dev/null || true
echo "engine: $(grep -i 'x-profile-engine' "$OUT/headers.cpu" | tr -d '\r') / $(grep -i 'x-profile-sampler' "$OUT/headers.cpu" | tr -d '\r')"
python3 - "$OUT/app" "$OUT/phases" "$OUT/sites.json" <<'PY'
import json, sys
ops = [(int(t), int(n)) for k, t, n in (l.split() for l in open(sys.argv[1]) if l.startswith("OPS "))]
phases = [(n, int(a), int(b)) for n, a, b in (l.split() for l in open(sys.argv[2]))]
def rate(a, b):
    # samples whose one-second span lies inside the window, the first second skipped (start-up of the phase)
    xs = [n for t, n in ops if a + 1000 < t - 1000 and t <= b]
    return sum(xs) / len(xs) if xs else float("nan")
res = {}
for n, a, b in phases:
    res.setdefault(n, []).append(rate(a, b))
mean = lambda xs: sum(xs) / len(xs)
base = mean(res["idle"])
print(f"{'phase':8} {'ops/s':>10} {'vs idle':>8}  per round")
for n in ["idle", "cpu", "alloc", "sites"]:
    m = mean(res[n])
    print(f"{n:8} {m:10.0f} {100 * (m - base) / base:+7.1f}%  " + " ".join(f"{x:.0f}" for x in res[n]))
try:
    s = json.load(open(sys.argv[3]))["allocationSites"]
    print("sites: engine", s["engine"], "matched", s["matchedSamples"], "of", s["liveSamples"], "cost", s["cost"],
          "top", s["sites"][0]["frames"][0] if s["sites"] else None)
except Exception as e:
    print("sites: no report:", e)
PY
echo "raw files: $OUT"
