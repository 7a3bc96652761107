#!/usr/bin/env bash
# Runs every test (unit and integration): installs what the integration tests need when it is missing
# and this user may install (root), then runs 'mvn -B verify'. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
# What the integration tests start for real: Mosquitto, Chromium + ChromeDriver (kitchen screens),
# Node.js and npm (the screen logic's unit tests; the AsyncAPI document through AsyncAPI's own parser), socat (serial devices on pseudo-terminals), FUSE 3 and
# pyfuse3 (powercutfs, the power-cut filesystem: docs/durability.md), systemd (systemd-analyze verify
# of the service unit, and libsystemd for the notify protocol), debootstrap (the .deb installed into a
# clean Debian root), strace (what the agent writes outside its data dir: nothing), python3 and git
# (the MQTT conformance suite, Eclipse Paho's interoperability tests, taken from PAHO_MQTT_TESTING or
# cloned from GitHub: docs/brokers.md), python3-paho-mqtt, curl and the Mosquitto clients (the POS
# examples and the POS quick start, run against the sandbox).
missing=()
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto mosquitto-clients)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v socat >/dev/null || missing+=(socat)
command -v fusermount3 >/dev/null || missing+=(fuse3)
/usr/bin/python3 -c 'import pyfuse3, trio' 2>/dev/null || missing+=(python3-pyfuse3)
[ -x /usr/bin/systemd-analyze ] || missing+=(systemd)
[ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
[ -x /usr/bin/strace ] || missing+=(strace)
command -v python3 >/dev/null || missing+=(python3)
command -v git >/dev/null || missing+=(git)
/usr/bin/python3 -c 'import paho.mqtt.client' 2>/dev/null || missing+=(python3-paho-mqtt)
[ -x /usr/bin/mosquitto_pub ] || missing+=(mosquitto-clients)
[ -x /usr/bin/curl ] || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing what the tests need: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: missing ${missing[*]}; those tests will fail. Install: sudo apt-get install -y ${missing[*]}" >&2
  fi
fi
# Debian starts no service here, but a packaged mosquitto may be running on 1883: the tests use free ports anyway.
exec mvn -B verify "$@"
