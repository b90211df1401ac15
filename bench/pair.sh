#!/usr/bin/env bash
# Paired A/B of two Gatehouse builds (or two sets of JVM options, or nginx against Gatehouse): both
# proxies run at the same time on the same core, each under its own wrk and in front of its own
# backend, and each one's CPU time per request is read from /proc. Whatever slows the machine down
# slows both alike, so the ratio B/A holds still where separate runs on a shared machine differ by
# tens of percent (two copies of the same jar gave B/A from 0.97 to 1.05: look at several rounds).
# Each backend's CPU time per request is printed too: how a proxy reads and writes changes its
# backend's work. Same layout as the shared benchmark: the backends and both wrk on core 0, the
# two proxies on core 1.
#
#   bench/pair.sh A.jar B.jar [small|large|newconn|tls] [seconds] [rounds]
#   bench/pair.sh target/gatehouse.jar /tmp/before.jar small 10 4
#   bench/pair.sh nginx target/gatehouse.jar large      # nginx as configured by the shared benchmark
#   OPTS_B="-Dio.netty.buffer.checkAccessible=false" bench/pair.sh target/gatehouse.jar target/gatehouse.jar
#
# GATEHOUSE_JAVA_OPTS (default: the launcher's options) goes to both; OPTS_A and OPTS_B to one each.
# Needs nginx and wrk (the shared bench's setup.sh installs them).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
scenario=${3:-small}; seconds=${4:-10}; rounds=${5:-3}
case "$scenario" in small|large|newconn|tls) ;; *) echo "unknown scenario: $scenario" >&2; exit 2 ;; esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
bench_setup pair
backend_a=$backend_pid
bench_backend 18001
backend_b=$backend_pid

# start_side NAME JAR|nginx HTTP_PORT HTTPS_PORT BACKEND_PORT JAVA_OPTIONS: starts one proxy on
# core 1 and records its process id in pid_NAME (for nginx the master, whose worker's time is
# counted too)
start_side() {
  if [ "$2" = nginx ]; then
    mkdir -p "$work/$1-tmp/nginx-proxy-tmp"
    # shellcheck disable=SC2016
    BENCH_WORK="$work/$1-tmp" CERT="$work/cert.pem" KEY="$work/key.pem" envsubst '${BENCH_WORK} ${CERT} ${KEY}' \
      < "${SHARED_BENCH:-$here/../shared/bench}/configs/nginx.conf" \
      | sed -e "s/:18080 /:$3 /" -e "s/:18443 /:$4 /" -e "s/127.0.0.1:18000;/127.0.0.1:$5;/" > "$work/$1-nginx.conf"
    taskset -c 1 nginx -c "$work/$1-nginx.conf" -e "$work/$1.log" > "$work/$1.log" 2>&1 &
  else
    bench_config "$1" "$3" "$4" "$5"
    # shellcheck disable=SC2086
    taskset -c 1 java $opts $6 -jar "$(realpath "$2")" run -c "$work/$1.yaml" > "$work/$1.log" 2>&1 &
  fi
  pids+=($!)
  printf -v "pid_$1" %s "$!"
}
start_side a "$1" 38080 38443 18000 "${OPTS_A:-}"
start_side b "$2" 48080 48443 18001 "${OPTS_B:-}"
for side in a:38443 b:48443; do
  for _ in $(seq 60); do curl -ksf -o /dev/null "https://127.0.0.1:${side#*:}/small" && continue 2; sleep 0.25; done
  echo "proxy ${side%%:*} did not start; its log:" >&2; cat "$work/${side%%:*}.log" >&2; exit 1
done
bench_check 38080
bench_check 48080

# url HTTP_PORT HTTPS_PORT
url() {
  case "$scenario" in
    small|newconn) echo "http://127.0.0.1:$1/small" ;;
    large) echo "http://127.0.0.1:$1/large" ;;
    tls) echo "https://127.0.0.1:$2/small" ;;
  esac
}
extra=()
[ "$scenario" = newconn ] && extra=(-H "Connection: close")
# load SECONDS: both proxies under load at once, 32 connections each
load() {
  taskset -c 0 wrk -t1 -c32 -d"$1s" "${extra[@]}" "$(url 38080 38443)" > "$work/wrk-a.txt" & local wa=$!
  taskset -c 0 wrk -t1 -c32 -d"$1s" "${extra[@]}" "$(url 48080 48443)" > "$work/wrk-b.txt" & local wb=$!
  local failed=0
  wait "$wa" || failed=1
  wait "$wb" || failed=1
  [ "$failed" = 0 ] || { echo "wrk failed" >&2; exit 1; }
}
# cpu_ticks PID: user and system time of the process and its children that are still running
cpu_ticks() {
  local pid total=0
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
requests() { awk '/requests in/{print $1}' "$1"; }

echo "A: $1 ${OPTS_A:-}" >&2
echo "B: $2 ${OPTS_B:-}" >&2
echo "warming up 20s ..." >&2
load 20
hz=$(getconf CLK_TCK)
for round in $(seq "$rounds"); do
  a0=$(cpu_ticks "$pid_a"); b0=$(cpu_ticks "$pid_b"); ka0=$(cpu_ticks "$backend_a"); kb0=$(cpu_ticks "$backend_b")
  load "$seconds"
  a1=$(cpu_ticks "$pid_a"); b1=$(cpu_ticks "$pid_b"); ka1=$(cpu_ticks "$backend_a"); kb1=$(cpu_ticks "$backend_b")
  awk -v r="$round" -v a=$((a1 - a0)) -v b=$((b1 - b0)) -v ka=$((ka1 - ka0)) -v kb=$((kb1 - kb0)) \
      -v ra="$(requests "$work/wrk-a.txt")" -v rb="$(requests "$work/wrk-b.txt")" -v hz="$hz" 'BEGIN {
    ua = a * 1e6 / hz / ra; ub = b * 1e6 / hz / rb; uka = ka * 1e6 / hz / ra; ukb = kb * 1e6 / hz / rb
    printf "round %d: A %.1f us/request (%d requests), B %.1f us/request (%d requests), B/A %.3f\n", r, ua, ra, ub, rb, ub / ua
    printf "         backends: A %.1f us/request, B %.1f us/request, B/A %.3f\n", uka, ukb, ukb / uka }'
done
