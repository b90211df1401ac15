#!/usr/bin/env bash
# Quick A/B of Gatehouse against nginx on the shared benchmark harness: builds the jar, then
# measures keep-alive small (~100 B) and large (64 KiB) responses for 5 s each, and prints the
# summary table. About 2-3 minutes. For figures worth quoting use the harness itself with longer
# runs and --repeat 3 (see docs/PERFORMANCE.md).
#
#   bench/compare.sh                               (run from anywhere; results in target/bench-compare/)
#   bench/compare.sh --scenarios small,tls         further arguments go to run.sh and win
#   GATEHOUSE_JAVA_OPTS="-XX:+UseParallelGC" bench/compare.sh
#
# GATEHOUSE_JAVA_OPTS defaults to the launcher's GATEHOUSE_DEFAULT_JAVA_OPTS (set it empty for the
# JVM's own defaults). SHARED_BENCH points at the harness (default: ../shared/bench next to the
# repository). Needs the harness's tools (its setup.sh installs them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bench=${SHARED_BENCH:-$here/../shared/bench}
[ -x "$bench/run.sh" ] || { echo "compare.sh: no benchmark harness at $bench (set SHARED_BENCH)" >&2; exit 1; }

launcher_opts=$(sed -n 's/^GATEHOUSE_DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' gatehouse)
[ -n "$launcher_opts" ] || { echo "compare.sh: GATEHOUSE_DEFAULT_JAVA_OPTS not found in ./gatehouse" >&2; exit 1; }
export GATEHOUSE_JAVA_OPTS=${GATEHOUSE_JAVA_OPTS-$launcher_opts}
export GATEHOUSE_JAR=$here/target/gatehouse.jar
# A quick look: wait less for a quiet machine and retry a disturbed measurement once at most.
export QUIET_WAIT_S=${QUIET_WAIT_S:-30} MAX_ATTEMPTS=${MAX_ATTEMPTS:-2}

echo "building target/gatehouse.jar ..." >&2
./mvnw -q -B -DskipTests package

echo "gatehouse JVM options: ${GATEHOUSE_JAVA_OPTS:-(JVM defaults)}" >&2
"$bench/run.sh" --proxies nginx,gatehouse --scenarios small,large --duration 5s --warmup 2s --no-direct \
  --out "target/bench-compare/$(date +%Y%m%d-%H%M%S)" "$@"
