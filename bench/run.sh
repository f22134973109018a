#!/usr/bin/env bash
# The benchmark: builds the router and the harness, then runs io.llmfailover.router.bench.Bench, which starts a
# Vert.x stub of the upstream APIs, the packaged router (java -jar target/llm-failover-router-runner.jar, in an empty
# working directory so the routes packaged in the jar are used) and a Vert.x load generator, all on 127.0.0.1.
#
#   bench/run.sh              full run (about 9 minutes): bench/results/results.md, results.json, latency.png
#   bench/run.sh --smoke      every scenario tiny (about 30 s): bench/results/tmp/smoke/ (CI: BenchSmokeIT)
#   bench/run.sh --profile    c=32 load with JFR on the router: bench/results/profile.md
#   bench/run.sh --streams    the streaming benchmark (about 4 minutes): bench/results/streaming.md, streaming.json
#                             (TTFT and stream time added at c=1 and 32; 2,000 concurrent 20 s streams); --smoke too
#   bench/run.sh --soak       the soak (about 13 minutes): one router and a real redis-server under 32 prompts at a
#                             time for 12 minutes, a fault every minute (Ollama down then up; Gemini answering 429
#                             with retryDelay, with no delay, with Retry-After; Redis restarted empty), memory and
#                             threads sampled every 10 s: bench/results/soak.md, soak.json
#                             --soak --smoke: one minute, a fault every 15 s (bench/results/tmp/smoke/soak.md);
#                             --soak-minutes N: another length; --soak-quota Q: another Gemini daily quota
#   bench/run.sh --out DIR    write somewhere else; --label TEXT names the run in the report
#   --only latency,quota,...  run some scenarios: warmup latency inflight ollamaKill gemini429 redisStop quota compare
#   --compare-jar JAR         also run this build and an older runner jar side by side, taking turns, and compare the
#                             router CPU per prompt (scenario compare); --compare-label TEXT names the older one
#                             (8 rounds of 5 s per leg; BENCH_JAVA_OPTS=-Dbench.compareRounds=N for more)
#   --router-env K=V          extra environment for every router (experiments, e.g. CAMEL_MAIN_...=...)
#   BENCH_SKIP_BUILD=1        reuse target/ as built (no Maven); MAVEN_OFFLINE=1 builds with mvn -o
#
# Needs a JDK 17 and Maven (offline works once the dependencies are in ~/.m2). Every process the harness starts
# (router JVMs, redis-server) is ended when it exits, and by the trap below if the harness itself is killed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP="$ROOT/bench/results/tmp"
mkdir -p "$TMP"
CP_FILE="$TMP/classpath.txt"
MVN=(mvn -q -B)
if [[ -n "${MAVEN_OFFLINE:-}" ]]; then MVN+=(-o); fi

HARNESS_PID=""
cleanup() {
  local status=$?
  if [[ -n "$HARNESS_PID" ]] && kill -0 "$HARNESS_PID" 2>/dev/null; then
    kill "$HARNESS_PID" 2>/dev/null || true
    wait "$HARNESS_PID" 2>/dev/null || true
  fi
  # processes the harness started and could not end itself (it lists them, by pid, in children.pid files)
  for f in "$TMP"/run/children.pid "$TMP"/smoke/run/children.pid "$TMP"/streams/children.pid "$TMP"/soak/children.pid; do
    [[ -f "$f" ]] || continue
    while read -r pid; do
      [[ -n "$pid" ]] || continue
      if ps -p "$pid" -o args= 2>/dev/null | grep -qE 'llm-failover-router-runner.jar|redis-server'; then
        kill "$pid" 2>/dev/null || true
      fi
    done < "$f"
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "bench: building (mvn package with the test classes, and the test classpath) ..."
  "${MVN[@]}" -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
fi
[[ -f "$CP_FILE" ]] || { echo "bench: $CP_FILE is missing (run without BENCH_SKIP_BUILD once)" >&2; exit 1; }
echo "bench: built in $(( $(date +%s) - started )) s"

# the harness runs from a copy of the classes (and copies the router jar itself), so a rebuild of target/ during
# the run cannot pull classes from under it
rm -rf "$TMP/classes"
mkdir -p "$TMP/classes"
cp -r target/classes "$TMP/classes/main"
cp -r target/test-classes "$TMP/classes/test"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$JAVA" -Xmx1g -Djava.awt.headless=true ${BENCH_JAVA_OPTS:-} \
  -Drouter.runner.jar="$ROOT/target/llm-failover-router-runner.jar" \
  -Dlog4j2.level=WARN -Dvertx.disableDnsResolver=true \
  -cp "$TMP/classes/test:$TMP/classes/main:$(cat "$CP_FILE")" \
  $( if [[ " $* " == *" --streams "* ]]; then echo io.llmfailover.router.bench.StreamBench
     elif [[ " $* " == *" --soak "* ]]; then echo io.llmfailover.router.bench.SoakBench
     else echo io.llmfailover.router.bench.Bench; fi ) "$@" &
HARNESS_PID=$!
wait "$HARNESS_PID"
HARNESS_PID=""
echo "bench: finished in $(( $(date +%s) - started )) s"
