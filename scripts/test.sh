#!/usr/bin/env bash
# Runs every test (unit and integration): installs what the integration tests need when it is missing
# and this user may install (root), then runs 'mvn -B verify'. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! [ -x /usr/sbin/mosquitto ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing mosquitto (the integration tests start a real one)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >/dev/null
  else
    echo "note: mosquitto is missing; the Mosquitto tests will fail. Install it: sudo apt-get install -y mosquitto mosquitto-clients" >&2
  fi
fi
# Debian starts no service here, but a packaged mosquitto may be running on 1883: the tests use free ports anyway.
exec mvn -B verify "$@"
