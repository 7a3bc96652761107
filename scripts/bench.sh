#!/usr/bin/env bash
# The order pipeline benchmark (docs/PERFORMANCE.md): builds the jar, then runs the harness against
# the embedded broker and against Mosquitto. Usage: scripts/bench.sh [embedded|mosquitto|both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
mvn -B -q -DskipTests package
mvn -B -q -pl edge-agent test-compile
cp=$(mvn -B -q -pl edge-agent dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
cd edge-agent
for b in embedded mosquitto; do
  if [ "$which" = both ] || [ "$which" = "$b" ]; then
    echo "== $b"
    java -cp "target/test-classes:target/classes:$cp" id.dapur.edge.agent.bench.PipelineBench --broker "$b"
  fi
done
