#!/usr/bin/env bash
# Benchmarks (docs/PERFORMANCE.md): builds the jar, then runs the order pipeline harness against the
# embedded broker and against Mosquitto, the print spooler harness, and/or the kitchen screen harness
# in headless Chromium.
# Usage: scripts/bench.sh [floor|embedded|mosquitto|both|store|kds|print|cloud|security|analytics|all|growth|sdwear|powercut] [harness arguments]
# analytics [days]: kitchen analytics over days (90) of a busy outlet's history, and its disk cost; part of 'all'
# floor: the order path as an outside POS sees it (python3-paho-mqtt, tuned; --client plain: on its defaults), both brokers, Node-RED reference when
#   node-red is on the PATH (or NODE_RED=/path/to/node-red), the store alone, ready after a restart on the run's database, targets beside the
#   figures; --parts and --brokers pick; --clientRate N lifts the embedded front door's per-client limit (1,000/s, burst 5,000); part of 'all'
# embedded|mosquitto|both: the older Java-client pipeline harness (PipelineBench)
# store: the store alone, no broker (StoreBench [orders]); part of 'all'
# sdwear [idleS] [busyS] [orderEveryS]: bytes the agent writes to the SD card per idle and per busy hour (SdWearBench)
# growth: how the database file grows and is compacted (GrowthBench [busyS] [idleS] [http/s] [mqtt/s] [readingMs])
# security: idle connections and an invalid-order flood while legit orders flow (--idle N --flood R --seconds S)
# powercut N: N power cuts under load on powercutfs (docs/durability.md); ends with 'N passed, M failed'
# fleet [outlets] [outageMinutes] [speed]: 'dapur-edge fleet-sim' with that many outlets (1000) against 'dapur-edge fake-cloud', both
#   from the packaged jar in JVMs of their own, for 3 minutes, an outage (10 minutes), and 5 minutes after it; outlet time runs
#   speed (10) times faster. Not part of 'all' (about 20 minutes). The report is also in edge-agent/target/fleet-report.json
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
if [ "$which" = powercut ]; then
  if ! /usr/bin/python3 -c 'import pyfuse3, trio' 2>/dev/null || ! command -v fusermount3 >/dev/null; then
    echo "installing fuse3 and python3-pyfuse3 (powercutfs needs them)"
    apt-get update -qq && apt-get install -y -qq fuse3 python3-pyfuse3 >/dev/null
  fi
  [ -c /dev/fuse ] || { echo "/dev/fuse is missing: power cuts need FUSE (modprobe fuse)"; exit 2; }
fi
if [ "$which" = floor ] || [ "$which" = all ]; then
  if ! /usr/bin/python3 -c 'import paho.mqtt' 2>/dev/null; then
    echo "installing python3-paho-mqtt (the outside POS of the floor benchmark)"
    apt-get update -qq && apt-get install -y -qq python3-paho-mqtt >/dev/null
  fi
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dstyle.color=never"
# install, so the harness's classpath has this checkout's modules, not an older snapshot
mvn -B -q -DskipTests install
mvn -B -q -pl edge-agent test-compile
cp=$(mvn -B -q -pl edge-agent dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test | sed 's/\x1b\[[0-9;]*m//g')
cd edge-agent
if [ "$which" = floor ] || [ "$which" = all ]; then
  echo "== floor"
  # the agent runs as the Dockerfile runs it: its flags and a class-data archive from a training run
  if [ ! -s target/dapur-edge.jsa ] || [ target/dapur-edge.jar -nt target/dapur-edge.jsa ]; then
    ../scripts/cds-archive.sh "$PWD/target/dapur-edge.jar" "$PWD/target/dapur-edge.jsa" 20
  fi
  java ${NODE_RED:+-Dbench.nodeRed=$NODE_RED} \
    -Dbench.jvm="-Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1 -Xss512k -XX:TrimNativeHeapInterval=5000 -XX:SharedArchiveFile=$PWD/target/dapur-edge.jsa" -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.FloorBench "${@:2}"
fi
for b in embedded mosquitto; do
  if [ "$which" = both ] || [ "$which" = "$b" ]; then
    echo "== $b"
    java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.PipelineBench --broker "$b"
  fi
done
if [ "$which" = store ]; then
  echo "== store"
  java -Xmx512m -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.StoreBench "${@:2}"
fi
if [ "$which" = analytics ] || [ "$which" = all ]; then
  echo "== analytics"
  # the agent's heap and collector (Dockerfile): the queries run inside the agent
  java -Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.AnalyticsBench "${@:2}"
fi
if [ "$which" = sdwear ]; then
  echo "== sdwear"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.SdWearBench "${@:2}"
fi
if [ "$which" = growth ]; then
  echo "== growth"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.GrowthBench "${@:2}"
fi
if [ "$which" = print ] || [ "$which" = all ]; then
  echo "== print"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.PrintBench "${@:2}"
fi
if [ "$which" = cloud ] || [ "$which" = all ]; then
  echo "== cloud"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.CloudDrainBench "${@:2}"
fi
if [ "$which" = kds ] || [ "$which" = all ]; then
  echo "== kds"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.KdsBench "${@:2}"
fi
if [ "$which" = fleet ]; then
  outlets=${2:-1000}
  outage=${3:-10}
  speed=${4:-10}
  echo "== fleet: $outlets outlets, a $outage-minute outage, outlet time x$speed"
  ulimit -n 65536 2>/dev/null || ulimit -n 20000 2>/dev/null || true
  work=$(mktemp -d)
  cp target/dapur-edge.jar "$work/dapur-edge.jar"     # a rebuild during the run does not change what runs
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java -Xmx2g -XX:+UseParallelGC -jar "$work/dapur-edge.jar" fake-cloud --port "$port" --outlets "$outlets" --codes "$work/codes.csv" \
    > "$work/fake-cloud.log" 2>&1 &
  fake=$!
  trap 'kill $fake 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do [ -s "$work/codes.csv" ] && break; sleep 0.2; done
  java -Xmx3g -XX:+UseParallelGC -jar "$work/dapur-edge.jar" fleet-sim "http://127.0.0.1:$port/api" --codes "$work/codes.csv" \
    --duration "$((3 + outage + 5))m" --outage-at 3m --outage-for "${outage}m" --speed "$speed" --ramp 60s --drain 10m \
    --report target/fleet-report.json
  kill $fake 2>/dev/null || true
fi
if [ "$which" = powercut ]; then
  echo "== powercut"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.PowerCutBench "${@:2}"
fi
if [ "$which" = security ] || [ "$which" = all ]; then
  echo "== security"
  java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.SecurityBench "${@:2}"
fi
