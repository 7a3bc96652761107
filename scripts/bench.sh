#!/usr/bin/env bash
# The order pipeline benchmark (docs/PERFORMANCE.md): builds the jar, then runs the harness against
# the embedded broker and against Mosquitto. Usage: scripts/bench.sh [embedded|mosquitto|both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dstyle.color=never"
# install, so the harness's classpath has this checkout's modules, not an older snapshot
mvn -B -q -DskipTests install
mvn -B -q -pl edge-agent test-compile
cp=$(mvn -B -q -pl edge-agent dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test | sed 's/\x1b\[[0-9;]*m//g')
cd edge-agent
for b in embedded mosquitto; do
  if [ "$which" = both ] || [ "$which" = "$b" ]; then
    echo "== $b"
    java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.PipelineBench --broker "$b"
  fi
done
