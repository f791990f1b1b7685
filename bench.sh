#!/usr/bin/env bash
# Builds the all-in-one and the benchmark, then runs one verified benchmark: the Kafka ceiling of
# this machine, tickets through the API (closed then open loop), mail through SMTP, the staff view
# with 1M tickets loaded; prints one table and writes benchmarks/target/benchmark.json.
# Arguments go to the benchmark: --smoke (tiny counts), --phases=ceiling,closed,open,mail,view,
# --concurrency=64, --open-rate=1000, --open-seconds=60, --mails=10000, --load-tickets=1000000,
# --jvm-options='-Xmx1g' (the all-in-one's JVM), ... (see benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")"

./mvnw --quiet -DskipTests -Dspotless.check.skip=true -pl launcher,benchmarks -am package

exec java ${BENCH_JAVA_OPTS:-} -jar benchmarks/target/helpstream-benchmarks.jar "$@"
