#!/usr/bin/env bash
# Profiles Gatehouse under load with Java Flight Recorder and prints where the proxy core's time
# and allocations go. Same layout as the shared benchmark: backend nginx and wrk on core 0,
# Gatehouse alone on core 1. Needs nginx and wrk (the shared bench's setup.sh installs them).
#
#   bench/profile.sh [small|large|newconn|tls|h2] [seconds]   (run from the repository root)
#   GATEHOUSE_JAVA_OPTS="..." bench/profile.sh small 15
#   JFR=0 bench/profile.sh large 10          (no recording: CPU and peak RSS only)
#   GATEHOUSE_JAR=/tmp/a.jar bench/profile.sh h2   (another build, e.g. for an A/B)
#   JFR_OUT=/tmp/small.jfr bench/profile.sh small   (keep the recording, e.g. for jfr print)
#   WARMUP=60 bench/profile.sh h2             (a longer warm-up, e.g. to measure after the JIT settled)
set -euo pipefail
scenario=${1:-small}
seconds=${2:-15}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${GATEHOUSE_JAR:-$here/target/gatehouse.jar}"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests package)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bench_setup profile
bench_config gatehouse 18080 18443
# JFR=0 measures without the recorder (it costs memory and some CPU), e.g. for RSS.
recorder=()
[ "${JFR:-1}" = 0 ] || recorder=(-XX:StartFlightRecording=filename="$work/rec.jfr",settings=profile,dumponexit=true)
# shellcheck disable=SC2086
taskset -c 1 java $opts "${recorder[@]}" -jar "$jar" run -c "$work/gatehouse.yaml" > "$work/gatehouse.log" 2>&1 & gh=$!; pids+=($gh)
for _ in $(seq 50); do curl -ksf -o /dev/null https://127.0.0.1:18443/small && break; sleep 0.2; done
bench_check 18080

# load SECONDS OUTPUT: the scenario's load, the same tools and settings as the shared harness
load() {
  case "$scenario" in
    small) taskset -c 0 wrk -t1 -c64 -d"$1s" http://127.0.0.1:18080/small ;;
    large) taskset -c 0 wrk -t1 -c64 -d"$1s" http://127.0.0.1:18080/large ;;
    newconn) taskset -c 0 wrk -t1 -c64 -d"$1s" -H "Connection: close" http://127.0.0.1:18080/small ;;
    tls) taskset -c 0 wrk -t1 -c64 -d"$1s" https://127.0.0.1:18443/small ;;
    h2) taskset -c 0 h2load -c16 -m10 -D"$1" https://127.0.0.1:18443/small ;;
    *) echo "unknown scenario: $scenario" >&2; exit 2 ;;
  esac
}
# requests OUTPUT: completed requests in a wrk or h2load report
requests() { awk '/requests in/{print $1} /^requests:/{print $8}' "$1"; }
warmup=${WARMUP:-20}
echo "warming up ${warmup}s ..." >&2
load "$warmup" | grep -E "^finished|Requests/sec" >&2 || true
echo "measuring ${seconds}s ..." >&2
read -r u0 s0 <<<"$(awk '/^cpu1 /{print $2+$3, $4+$7+$8}' /proc/stat)"
# per-thread CPU over the window: shows JIT compiler, GC or TLS work next to the event loop
threads=""
command -v pidstat >/dev/null && { pidstat -t -p "$gh" "$seconds" 1 > "$work/threads.txt" & threads=$!; }
load "$seconds" | tee "$work/load.txt"
read -r u1 s1 <<<"$(awk '/^cpu1 /{print $2+$3, $4+$7+$8}' /proc/stat)"
requests=$(requests "$work/load.txt")
hz=$(getconf CLK_TCK)
busy=$(( u1 - u0 + s1 - s0 ))
echo "proxy core busy: $(( busy * 100 / hz / seconds ))%  ->  $(( busy * 1000000 / hz / requests )) us/request" \
  "(user $(( (u1 - u0) * 1000000 / hz / requests )), kernel $(( (s1 - s0) * 1000000 / hz / requests )))"
if [ -n "$threads" ]; then
  wait "$threads"
  echo "busiest threads (% of a core):"
  awk '/^Average/ && $3 == "-" {c = $9; $1 = $2 = $3 = $4 = $5 = $6 = $7 = $8 = $9 = $10 = ""; print "   ", c, $0}' "$work/threads.txt" | sort -k1,1 -rn | head -6
  # The event loops' own share: what a request costs without the JIT compiler's and GC's work.
  loops=$(awk '/^Average/ && $3 == "-" && /gatehouse-io/ {sum += $9} END {print sum + 0}' "$work/threads.txt")
  echo "event loops: $(awk -v p="$loops" -v s="$seconds" -v r="$requests" 'BEGIN {printf "%.1f", p / 100 * s * 1e6 / r}') us/request"
fi
echo "RSS: $(awk '/VmHWM/{print $2/1024 " MiB peak"}' /proc/$gh/status)"
kill "$gh"; wait "$gh" 2>/dev/null || true
[ "${JFR:-1}" = 0 ] || { python3 "$here/bench/jfr_top.py" "$work/rec.jfr"; [ -z "${JFR_OUT:-}" ] || cp "$work/rec.jfr" "$JFR_OUT"; }
