#!/usr/bin/env bash
# Builds what is needed and starts Helpstream in one JVM: a real KRaft Kafka broker (data in
# ./data, kept across starts) and every service, unless KAFKA_BOOTSTRAP_SERVERS names a cluster.
# Ctrl-C stops everything cleanly. Extra arguments go to the launcher (e.g. --server.port=9000).
set -euo pipefail
cd "$(dirname "$0")"

./mvnw --quiet -DskipTests -Dspotless.check.skip=true -pl launcher -am package

# JAVA_OPTS replaces the options of launcher/jvm.options (a bounded heap).
if [ -z "${JAVA_OPTS:-}" ]; then
  JAVA_OPTS="$(grep -v '^[[:space:]]*\(#\|$\)' launcher/jvm.options | tr '\n' ' ')"
fi
exec java ${JAVA_OPTS} -jar launcher/target/helpstream-launcher.jar "$@"
