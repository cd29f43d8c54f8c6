#!/usr/bin/env bash
# Hostile clients against a demo JVM with the agent, the long versions of it/hostile's tests:
#  - slowhttptest in slow-headers (-H) and slow-body (-B) modes, 200 connections from 127.0.0.1 for
#    SLOW_SECONDS each, while curl probes /health/live every 0.5 s from the same address; prints the
#    share of probes answered 200 within 1 s, and the slowest probe;
#  - the seeded fuzzer (FUZZ_COUNT requests) through Maven, printing its FUZZ summary line;
#  - sslscan on a TLS agent (RSA key), printing the accepted protocol/suite lines.
# Usage: bench/hostile.sh [java-home]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME_USED="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
SLOW_SECONDS="${SLOW_SECONDS:-120}"
FUZZ_COUNT="${FUZZ_COUNT:-10000}"
for tool in slowhttptest sslscan curl; do command -v $tool >/dev/null || { echo "$tool missing: apt-get install -y $tool" >&2; exit 1; }; done
dir=$(mktemp -d)
# start_agent runs in a command substitution (a subshell): the JVMs' pids go through files, not a variable
trap 'for f in "$dir"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; rm -rf "$dir"' EXIT

start_agent() { # $1 = name, $2 = extra agent args; prints the URL
  "$JAVA_HOME_USED/bin/java" -javaagent:agent/target/opsagent.jar=port=0,data.dir="$dir/$1"${2:+,$2} \
    -jar demo-target/target/demo-target.jar >"$dir/$1.out" 2>&1 &
  echo $! >"$dir/$1.pid"
  for _ in $(seq 1 400); do grep -q 'endpoint at' "$dir/$1.out" && break; sleep 0.05; done
  sed -n 's/.*endpoint at \([^;]*\);.*/\1/p' "$dir/$1.out"
}

url=$(start_agent plain "")
pid=$(cat "$dir/plain.pid")
for mode in -H -B; do
  path=/health/live; [ "$mode" = -B ] && path=/info
  # the agent's 10 s request deadline closes every slow connection and slowhttptest then stops: restart it until the time is spent
  ( end=$((SECONDS + SLOW_SECONDS)); runs=0
    while [ $SECONDS -lt $end ]; do slowhttptest $mode -c 200 -r 200 -i 10 -l $((end - SECONDS)) -x 24 -p 3 -s 8192 -u "$url$path" >>"$dir/slow$mode.log" 2>&1; runs=$((runs + 1)); done
    echo "slowhttptest runs: $runs" >>"$dir/slow$mode.log" ) &
  slow=$!
  sleep 2
  : >"$dir/probes$mode"
  while kill -0 $slow 2>/dev/null; do
    curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$url/health/live" >>"$dir/probes$mode" || echo "000 5" >>"$dir/probes$mode"
    sleep 0.5
  done
  awk -v mode="$mode" '{n++; if ($1 == 200 && $2 <= 1.0) ok++; if ($2 > max) max = $2}
    END {printf "slowhttptest %s: %d probes, %d answered 200 within 1 s (%.1f%%), slowest %.3f s\n", mode, n, ok, 100 * ok / n, max}' "$dir/probes$mode"
  sed 's/\x1b\[[0-9;]*m//g' "$dir/slow$mode.log" | grep -E "slowhttptest runs|Exit status" | sort | uniq -c
done
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks); sleep 5; t1=$(ticks)
echo "agent JVM CPU after the slow clients: $(echo "scale=1; ($t1 - $t0) * 100 / $(getconf CLK_TCK) / 5" | bc)% of a core"

mvn -B -q verify -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dopsagent.fuzz.count="$FUZZ_COUNT" >"$dir/fuzz.log" 2>&1 \
  || { echo "the fuzzer failed: see below"; tail -50 "$dir/fuzz.log"; }
grep -h "FUZZ seed" "$dir/fuzz.log" | sed 's/\x1b\[[0-9;]*m//g' | head -1 || true

keytool -genkeypair -alias opsagent -keyalg RSA -dname CN=localhost -validity 2 -storetype PKCS12 \
  -keystore "$dir/agent.p12" -storepass changeit-please -keypass changeit-please >/dev/null 2>&1
tls=$(start_agent tls "tls.keystore=$dir/agent.p12,tls.keystore.password=changeit-please")
hostport=${tls#https://}
sslscan --no-colour --no-heartbleed "$hostport" | grep -E "^(SSLv|TLSv).*(enabled|disabled)|^(Accepted|Preferred)" || true
