#!/usr/bin/env bash
# Request throughput of GET /health/live, measured like the Jolokia figure in issue 2:
# wrk -t2 -c16 for DURATION seconds on loopback, plus the agent JVM's CPU time per request.
# The rate limit is switched off for the run (it would answer 429 by design).
# Usage: bench/http.sh [java-home]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME_USED="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
DURATION="${DURATION:-10}"
if ! command -v wrk >/dev/null; then
  echo "installing wrk..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi
dir=$(mktemp -d)
"$JAVA_HOME_USED/bin/java" -javaagent:agent/target/opsagent.jar=port=0,rate.limit=off,max.concurrent=16,data.dir="$dir/data" \
  -jar demo-target/target/demo-target.jar >"$dir/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 400); do grep -q 'endpoint at' "$dir/out" && break; sleep 0.05; done
url=$(sed -n 's/.*endpoint at \([^;]*\);.*/\1/p' "$dir/out")
# warm-up, so the JIT has compiled the request path
wrk -t2 -c16 -d3s "$url/health/live" >/dev/null
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks)
result=$(wrk -t2 -c16 -d"${DURATION}s" --latency "$url/health/live")
after=$(ticks)
echo "$result"
requests=$(echo "$result" | awk '/requests in/ {print $1}')
hz=$(getconf CLK_TCK)
echo "JDK: $("$JAVA_HOME_USED/bin/java" -version 2>&1 | head -1)"
echo "agent JVM CPU per request: $(echo "scale=1; ($after - $before) * 1000000 / $hz / $requests" | bc) us"
