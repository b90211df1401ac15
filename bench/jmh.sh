#!/usr/bin/env bash
# Runs the JMH microbenchmarks (src/test/java/io/gatehouse/bench) and prints the results table.
# Short settings for a small machine: one fork, 3 x 2 s warm-up, 5 x 2 s measurement, one thread,
# pinned to one core (JMH_CPU, default 1) when taskset is there. The forked JVM gets the
# launcher's default JVM options, as the proxy would.
#
#   bench/jmh.sh                      all benchmarks (about 5 minutes)
#   bench/jmh.sh Router               those whose name matches a regex
#   bench/jmh.sh Pipeline -prof gc    further arguments go to JMH (here: allocation per operation)
#   bench/jmh.sh -l                   list them
#
# Full output: target/jmh/jmh.log; results as JSON: target/jmh/results.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

regex='io\.gatehouse\.bench\.'
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  regex=$1
  shift
fi
out=target/jmh
mkdir -p "$out"

echo "compiling ..." >&2
classpath() { ./mvnw -q -B "$@" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt"; }
# Offline when the local repository has everything; online once otherwise (a fresh machine).
classpath -o > /dev/null 2>&1 || classpath > /dev/null
./mvnw -q -o -B test-compile
# Run from a copy, so that a build started meanwhile (which rewrites target/) cannot pull classes
# from under the benchmark.
rm -rf "$out/classes" "$out/test-classes"
cp -r target/classes "$out/classes"
cp -r target/test-classes "$out/test-classes"
[ -f "$out/test-classes/META-INF/BenchmarkList" ] || { echo "jmh.sh: no benchmarks compiled" >&2; exit 1; }
cp="$out/test-classes:$out/classes:$(cat "$out/classpath.txt")"

java_bin="${JAVA:-java}"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java_bin="$JAVA_HOME/bin/java"
launcher_opts=$(sed -n 's/^GATEHOUSE_DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' gatehouse)
[ -n "$launcher_opts" ] || { echo "jmh.sh: GATEHOUSE_DEFAULT_JAVA_OPTS not found in ./gatehouse" >&2; exit 1; }
pin=()
if command -v taskset > /dev/null && [ "$(nproc)" -gt 1 ]; then
  pin=(taskset -c "${JMH_CPU:-1}")
fi

for arg in "$@"; do
  case $arg in
    -l|-lp|-h) exec "$java_bin" -cp "$cp" org.openjdk.jmh.Main "$regex" "$@" ;;
  esac
done

# Each default applies unless the same option is among the arguments (JMH takes each option once).
args=("$@")
add_default() {
  case " ${*:3} " in *" $1 "*) return ;; esac
  args+=("$1" "$2")
}
for pair in "-foe true" "-f 1" "-wi 3" "-w 2s" "-i 5" "-r 2s" "-t 1" "-tu ns" "-bm avgt" "-rf json" "-rff $out/results.json"; do
  add_default "${pair%% *}" "${pair#* }" "$@"
done
add_default -jvmArgsAppend "$launcher_opts" "$@"

echo "running JMH on '$regex' (log: $out/jmh.log) ..." >&2
set +e
"${pin[@]}" "$java_bin" -cp "$cp" org.openjdk.jmh.Main "$regex" "${args[@]}" 2>&1 \
  | tee "$out/jmh.log" | grep --line-buffered '^# Benchmark: ' | sed -u 's/^# Benchmark: /  /' >&2
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ] || ! grep -q '^# Run complete' "$out/jmh.log"; then
  tail -40 "$out/jmh.log" >&2
  echo "jmh.sh: JMH failed (exit $status); full output in $out/jmh.log" >&2
  exit 1
fi
echo
grep -E '^# (JMH version|VM version|VM options):' "$out/jmh.log" | head -3
echo
sed -n '/^# Run complete/,$p' "$out/jmh.log" | sed -n '/^Benchmark /,$p'
