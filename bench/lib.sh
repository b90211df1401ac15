# Set-up shared by bench/profile.sh and bench/pair.sh; source it, then call bench_setup NAME and
# bench_config for each proxy.
# Sets opts (GATEHOUSE_JAVA_OPTS, else the launcher's options), work (a temporary directory with a
# certificate, cert.pem and key.pem, for 127.0.0.1) and pids (processes stopped at exit, with the
# directory removed), and starts the shared benchmark's backend nginx on core 0 (port 18000);
# bench_backend starts more of them.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

bench_setup() {
  local launcher_opts
  launcher_opts=$(sed -n 's/^GATEHOUSE_DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$bench_root/gatehouse")
  opts=${GATEHOUSE_JAVA_OPTS:-$launcher_opts}
  work=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-$1.XXXXXX")
  chmod 755 "$work"   # nginx's workers run as an unprivileged user and must reach www/
  pids=()
  trap bench_cleanup EXIT
  mkdir -p "$work/www"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -keyout "$work/key.pem" -out "$work/cert.pem" -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
  head -c 65536 /dev/zero > "$work/www/large.bin"
  bench_backend 18000
}

# bench_backend PORT: one more backend nginx on core 0, as configured by the shared benchmark but
# listening on PORT (its files under $work/backend-PORT); its process id is left in backend_pid
bench_backend() {
  local dir="$work/backend-$1"
  mkdir -p "$dir/backend-tmp"
  # shellcheck disable=SC2016
  BENCH_WORK="$work" envsubst '${BENCH_WORK}' \
    < "${SHARED_BENCH:-$bench_root/../shared/bench}/configs/backend-nginx.conf" \
    | sed -e "s/:18000 /:$1 /" -e "s|$work/backend|$dir/backend|g" > "$dir/backend.conf"
  taskset -c 0 nginx -c "$dir/backend.conf" -e "$dir/backend.err" & pids+=($!)
  backend_pid=$!
}

# bench_check HTTP_PORT: fails unless the proxy on HTTP_PORT serves /small and the whole of /large
# (a backend that cannot read its files answers 403, which would be measured as a cheap request)
bench_check() {
  local small large
  small=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/small")
  large=$(curl -s -o /dev/null -w '%{http_code}:%{size_download}' "http://127.0.0.1:$1/large")
  [ "$small:$large" = 200:200:65536 ] || { echo "proxy on port $1 answers /small $small, /large $large" >&2; exit 1; }
}

# bench_config NAME HTTP_PORT HTTPS_PORT [BACKEND_PORT]: $work/NAME.yaml, a proxy in front of the
# backend (port 18000 unless given), plain and TLS listeners, configured as in the shared benchmark
bench_config() {
  cat > "$work/$1.yaml" <<YAML
listeners:
  - address: 127.0.0.1:$2
  - address: 127.0.0.1:$3
    tls: {cert: $work/cert.pem, key: $work/key.pem}
upstreams:
  backend:
    servers: [{address: 127.0.0.1:${4:-18000}}]
    keepalive: 128
routes:
  - upstream: backend
access_log: {path: "off"}
YAML
}
