#!/usr/bin/env bash
# Leak verdicts on a program that is not demo-target (integration-tests' LeakProbe), leaking from its
# first second, at the agent's defaults except leak.window: the successor of bench/leak.sh for the
# held-out bars (issue 14). Run by hand, not in CI. Each case is one JVM; PARALLEL run at once.
#
#   bench/leak-matrix.sh                 # the default subset below
#   CASES=my-cases.txt bench/leak-matrix.sh
#   JAVA_OPTS="-XX:InitiatingHeapOccupancyPercent=0 -XX:-G1UseAdaptiveIHOP" CASES=... bench/leak-matrix.sh
#
# A case line: <jdk home or "java"> <collector> <heap> <scenario> <amount> <window> <seconds>
#   scenario: leak (amount = bytes/s), churn, sawtooth, cache, step, bursts (amount = bytes held), hold
# The table: time to first suspected / likely / leaking class named (seconds after start), the rate
# at the first likely and at the end against the true rate (the histograms' instance rate x 2,020
# retained bytes per record), polls not "none" (false alarms on healthy runs), histogram pauses.
# Needs: mvn -B -q package -DskipTests (agent jar) and integration-tests' test classes (mvn test-compile).
set -euo pipefail
cd "$(dirname "$0")/.."
PARALLEL=${PARALLEL:-4}
POLL=${POLL:-5}
AGENT=${AGENT:-$PWD/agent/target/opsagent.jar}
CLASSES=${CLASSES:-$PWD/integration-tests/target/probe-classes}  # compiled for Java 8, so every JDK can run the probe
OUT=${OUT:-$(mktemp -d /tmp/opsagent-leak-matrix.XXXXXX)}
[ -f "$AGENT" ] && [ -f "$CLASSES/io/opsagent/it/probe/LeakProbe.class" ] || { echo "build first (agent jar and integration-tests test classes)" >&2; exit 1; }
# A copy: rebuilding the agent during a 50-minute matrix must not change the runs still to start.
mkdir -p "$OUT" && cp "$AGENT" "$OUT/opsagent.jar" && AGENT=$OUT/opsagent.jar
J17=java
J25=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
MIB=1048576
default_cases() {
  cat <<CASES
$J17 G1 512m leak $MIB 3m 260
$J25 G1 512m leak $MIB 3m 260
$J17 G1 256m leak $MIB 2m 260
$J17 Parallel 256m leak $MIB 2m 260
$J25 Serial 256m leak $MIB 2m 260
$J25 ZGC 512m leak $MIB 2m 260
$J17 Shenandoah 256m leak $MIB 2m 260
$J17 G1 512m leak 204800 3m 400
$J17 G1 512m leak 51200 3m 720
$J17 G1 256m churn 0 2m 260
$J17 G1 256m sawtooth 40000000 2m 260
$J17 G1 256m cache 40000000 2m 260
$J17 G1 256m step 40000000 2m 260
$J17 G1 256m bursts 40000000 2m 260
$J17 G1 2g churn 0 2m 260
$J17 G1 2g sawtooth 200000000 2m 260
$J17 G1 2g cache 200000000 2m 260
$J17 G1 2g step 200000000 2m 260
$J17 G1 2g bursts 200000000 2m 260
CASES
}
flag() { case $1 in G1) echo -XX:+UseG1GC;; Parallel) echo -XX:+UseParallelGC;; Serial) echo -XX:+UseSerialGC;;
  ZGC) echo -XX:+UseZGC;; Shenandoah) echo -XX:+UseShenandoahGC;; *) echo "unknown collector $1" >&2; exit 2;; esac; }

one() {
  local java=$1 gc=$2 heap=$3 sc=$4 amount=$5 window=$6 secs=$7
  local ver; ver=$("$java" -version 2>&1 | head -1 | grep -o '"[0-9.]*' | tr -d '"'); case $ver in 1.*) ver=${ver#1.};; esac; ver=${ver%%.*}
  local name="$gc-$heap-$sc-$amount-$window-jdk$ver" n=1  # two windows of one case must not share a folder
  # the same case twice: -2, -3 ... (mkdir is atomic, so parallel runs never share a folder)
  while ! mkdir "$OUT/$name" 2>/dev/null; do n=$((n + 1)); name="$gc-$heap-$sc-$amount-$window-jdk$ver${n:+-$n}"; done
  local d=$OUT/$name
  # shellcheck disable=SC2086 # JAVA_OPTS: extra JVM options for every case, split on spaces
  "$java" $(flag "$gc") ${JAVA_OPTS:-} -Xms$heap -Xmx$heap -javaagent:$AGENT=port=0,data.dir=$d/data,leak.window=$window \
    -cp "$CLASSES" io.opsagent.it.probe.LeakProbe "$sc" "$amount" "$secs" > "$d/out" 2>&1 &
  local pid=$! start; start=$(date +%s)
  for _ in $(seq 150); do grep -qs "endpoint at" "$d/out" && break; sleep 0.2; done
  local url tok
  url=$(grep -o 'endpoint at [^ ;]*' "$d/out" | head -1 | awk '{print $3}'); url=${url%/}
  tok=$(cat "$(grep -o 'operator token in [^ ]*' "$d/out" | awk '{print $4}')")
  : > "$d/polls"
  while kill -0 $pid 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$secs" ]; do
    sleep "$POLL"
    echo "$(( $(date +%s) - start )) $(curl -s -m 5 -H "Authorization: Bearer $tok" "$url/leaks")" >> "$d/polls"
  done
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  python3 - "$d/polls" "$name" "$sc" "$window" > "$d.row" <<'PY'
import json, sys
path, name, sc, window = sys.argv[1:5]
sus = lik = named = None
rate_likely = None
last = None
flagged = polls = 0
for line in open(path):
    t, _, body = line.partition(" ")
    try:
        j = json.loads(body)
    except ValueError:
        continue
    if "verdict" not in j:
        continue  # an error answer (the agent saturated while the JVM thrashes): not a verdict
    t = int(t); last = j; polls += 1
    v = j["verdict"]
    if v != "none":
        flagged += 1
        sus = sus if sus is not None else t
    cls = [c for c in j["growingClasses"] if c["className"].endswith("LeakProbe$Retained")]
    if cls and named is None:
        named = t
    if v == "likely" and lik is None:
        lik = t
        rate_likely = (j["growthBytesPerMinute"], cls[0]["instancesPerMinute"] * 2020 if cls else None)
if last is None:
    print(f"{name:34} no answer"); sys.exit()
cls = [c for c in last["growingClasses"] if c["className"].endswith("LeakProbe$Retained")]
true_end = cls[0]["instancesPerMinute"] * 2020 if cls else None
def err(got, true):
    return "-" if not true else f"{100.0 * (got - true) / true:+.1f}%"
fmt = lambda x: "-" if x is None else f"{x}s"
e_likely = err(rate_likely[0], rate_likely[1] or true_end) if rate_likely else "-"
pauses = [p["pauseMillis"] for p in last["histograms"].get("pauses", [])]
meta = last.get("metaspace", {}).get("verdict", "?")
near = "yes" if last.get("nearExhaustion") else "no"
print(f"{name:34} {window:4} {last['verdict']:9} {flagged:3}/{polls:<3} {fmt(sus):>6} {fmt(lik):>6} {fmt(named):>6} "
      f"{err(last['growthBytesPerMinute'], true_end):>7} {e_likely:>7} {last['histograms']['taken']:3} "
      f"{(min(pauses) if pauses else '-')!s:>4}-{(max(pauses) if pauses else '-')!s:<4} {meta:9} {near:4} {last.get('signal','?')}")
PY
}

echo "leak matrix: output in $OUT, $PARALLEL at once"
if [ -n "${CASES:-}" ]; then cases=$(cat "$CASES"); else cases=$(default_cases); fi
while read -r line; do
  [ -z "$line" ] && continue
  while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do sleep 1; done
  one $line &
  sleep 2
done <<< "$cases"
wait
printf "%-34s %-4s %-9s %7s %6s %6s %6s %7s %7s %3s %9s %-9s %-4s %s\n" case win verdict flagged suspct likely named "err end" "err lik" "hst" "pause ms" metaspace near "signal (last)"
cat "$OUT"/*.row
echo "(flagged = polls not 'none' / polls; times in seconds after the JVM started; err = growth rate against the histograms' true rate)"
