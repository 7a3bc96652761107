#!/usr/bin/env sh
# Makes a class-data-sharing archive for the agent (docs/PERFORMANCE.md: ready time): runs the demo
# (POS, screens, printers, sensors, all simulated) for a while with the production JVM flags, and the
# JVM writes the classes it loaded to OUT when it exits. Start the agent with
# -XX:SharedArchiveFile=OUT; a missing or stale archive (another jar, another JDK) is ignored by the
# JVM with a warning, never an error. Usage: scripts/cds-archive.sh JAR OUT [seconds] [port]
set -eu
jar=$1
out=$2
secs=${3:-20}
port=${4:-18080}
work=$(mktemp -d)
rm -f "$out"
cd "$work"
java -Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1 -Xss512k -XX:ArchiveClassesAtExit="$out" -jar "$jar" demo --port "$port" \
  > "$work/demo.log" 2>&1 &
pid=$!
sleep "$secs"
kill -TERM "$pid"
wait "$pid" || true
cd /
if [ ! -s "$out" ]; then
  echo "no archive written; the demo's log:" >&2
  tail -20 "$work/demo.log" >&2
  rm -rf "$work"
  exit 1
fi
rm -rf "$work"
echo "class-data archive: $out ($(du -h "$out" | cut -f1))"
