#!/usr/bin/env bash
# Builds the agent if needed and runs the self-contained demo. Arguments go to 'demo' (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f edge-agent/target/dapur-edge.jar ] || [ -n "$(find . -name '*.java' -newer edge-agent/target/dapur-edge.jar -print -quit)" ]; then
  mvn -B -q -DskipTests package
fi
exec java -XX:+ExitOnOutOfMemoryError -jar edge-agent/target/dapur-edge.jar demo "$@"
