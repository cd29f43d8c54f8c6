#!/usr/bin/env bash
# Heap dump upload cost (issue 17): a stored dump uploaded by the agent to S3Proxy on loopback
# (POST /heapdumps with heapdump.upload set), against `jcmd GC.heap_dump` + `aws s3 cp` of the same heap.
# For each: time from dump start to a verified object, upload throughput, the application's longest pause
# (the demo's 1 ms loop, reset before each run).
# Usage: bench/upload.sh [java-home]  (build first: mvn -B -q package -DskipTests; S3Proxy jar from
#        integration-tests/target/s3proxy or ~/.m2). Env: HEAP (2g), PERCENT (50 = ~1 GiB live),
#        GZIP (true: the agent uploads *.hprof.gz), PART (16m), ROUNDS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME_USED="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
HEAP="${HEAP:-2g}"; PERCENT="${PERCENT:-50}"; GZIP="${GZIP:-true}"; PART="${PART:-16m}"; ROUNDS="${ROUNDS:-1}"
AWS=/usr/bin/aws   # Debian's awscli; a pyenv shim named aws may come first on PATH
S3JAR=integration-tests/target/s3proxy/s3proxy.jar
[ -f "$S3JAR" ] || S3JAR=$(ls ~/.m2/repository/org/gaul/s3proxy/*/s3proxy-*-jar-with-dependencies.jar | tail -1)
dir=$(mktemp -d)
s3port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$dir/s3"
cat >"$dir/s3.properties" <<P
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-identity
s3proxy.credential=bench-credential-0123456789
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/s3
P
printf '[default]\naws_access_key_id=bench-identity\naws_secret_access_key=bench-credential-0123456789\n' >"$dir/creds"
java -jar "$S3JAR" --properties "$dir/s3.properties" >"$dir/s3.log" 2>&1 &
s3pid=$!
export AWS_ACCESS_KEY_ID=bench-identity AWS_SECRET_ACCESS_KEY=bench-credential-0123456789 AWS_DEFAULT_REGION=us-east-1 \
  AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
aws() { "$AWS" --endpoint-url "http://127.0.0.1:$s3port" "$@"; }
"$JAVA_HOME_USED/bin/java" -Xms"$HEAP" -Xmx"$HEAP" \
  -javaagent:agent/target/opsagent.jar=port=0,data.dir="$dir/data",rate.limit=off,heapdump.keep=1,heapdump.upload=s3://bench/agent,heapdump.upload.endpoint=http://127.0.0.1:$s3port,heapdump.upload.credentials.file=$dir/creds,heapdump.upload.gzip=$GZIP,heapdump.upload.part.size=$PART \
  -jar demo-target/target/demo-target.jar >"$dir/out" 2>&1 &
pid=$!
trap 'kill $pid $s3pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 400); do grep -q 'endpoint at' "$dir/out" && grep -q 'DEMO_PORT=' "$dir/out" && break; sleep 0.05; done
for _ in $(seq 1 300); do grep -q 'Started Server' "$dir/s3.log" && break; sleep 0.1; done
aws s3 mb s3://bench >/dev/null
url=$(sed -n 's/.*endpoint at \([^;]*\);.*/\1/p' "$dir/out" | tail -1)
token=$(cat "$(sed -n 's/.*operator token in \([^ ]*\).*/\1/p' "$dir/out" | tail -1)")
demo="http://127.0.0.1:$(sed -n 's/.*DEMO_PORT=\([0-9]*\).*/\1/p' "$dir/out" | tail -1)"
echo "fill: $(curl -s -X POST "$demo/start/fill?percent=$PERCENT")"
echo "JDK: $("$JAVA_HOME_USED/bin/java" -version 2>&1 | head -1); heap $HEAP; $(nproc) cores; gzip=$GZIP part=$PART"
sleep 2
now() { date +%s.%N; }
reset_pause() { curl -s "$demo/pause?reset=true" >/dev/null; sleep 1; curl -s "$demo/pause?reset=true" >/dev/null; }
field() { python3 -c "import json,sys; d=[x for x in json.load(sys.stdin)['dumps'] if x['id']=='$1'][0]; print($2)"; }

for round in $(seq 1 "$ROUNDS"); do
  # the agent: dump, then (off the dump slot) gzip + multipart upload + HEAD check
  rm -f "$dir"/jcmd.hprof; sync; reset_pause
  t0=$(now)
  id=$(curl -sf -X POST -H "Authorization: Bearer $token" "$url/heapdumps" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  tready=""
  while :; do
    l=$(curl -sf -H "Authorization: Bearer $token" "$url/heapdumps")
    st=$(echo "$l" | field "$id" "d['status']")
    [ -z "$tready" ] && [ "$st" = ready ] && tready=$(now)
    us=$(echo "$l" | field "$id" "d.get('upload',{}).get('status','')")
    [ "$us" = done ] && break
    [ "$us" = failed ] && { echo "upload failed: $l"; exit 1; }
    sleep 0.1
  done
  t1=$(now); pause=$(curl -s "$demo/pause")
  size=$(echo "$l" | field "$id" "d['size']"); sent=$(echo "$l" | field "$id" "d['upload']['bytes']"); parts=$(echo "$l" | field "$id" "d['upload']['parts']")
  awk -v t0="$t0" -v tr="$tready" -v t1="$t1" -v s="$size" -v b="$sent" -v n="$parts" -v p="$pause" 'BEGIN {
    printf "agent POST /heapdumps + upload  %7.2f s to verified object (dump %.2f s, upload %.2f s)  hprof %.1f MiB, sent %.1f MiB in %d parts, %.1f MiB/s of hprof, %.1f MiB/s sent   longest app pause %.1f ms\n",
      t1-t0, tr-t0, t1-tr, s/1048576, b/1048576, n, s/1048576/(t1-tr), b/1048576/(t1-tr), p }'

  # the baseline: jcmd to a file, then aws s3 cp of that file
  reset_pause
  t0=$(now)
  "$JAVA_HOME_USED/bin/jcmd" "$pid" GC.heap_dump "$dir/jcmd.hprof" >/dev/null
  t2=$(now)
  aws s3 cp --only-show-errors "$dir/jcmd.hprof" "s3://bench/jcmd/$round.hprof"
  t1=$(now); pause=$(curl -s "$demo/pause")
  size=$(stat -c %s "$dir/jcmd.hprof")
  awk -v t0="$t0" -v t2="$t2" -v t1="$t1" -v s="$size" -v p="$pause" 'BEGIN {
    printf "jcmd GC.heap_dump + aws s3 cp    %7.2f s to object          (dump %.2f s, upload %.2f s)  hprof %.1f MiB, %.1f MiB/s   longest app pause %.1f ms\n",
      t1-t0, t2-t0, t1-t2, s/1048576, s/1048576/(t1-t2), p }'
done
