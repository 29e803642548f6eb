#!/usr/bin/env bash
# One entry point for running the pipeline on this machine (README "Quick start").
#   ./pipeline demo [options]                 whole pipeline on embedded servers with generated traffic, then a report
#   ./pipeline run --events FILE.jsonl [--window 1h] [--lateness 5m] [--dump OUT.csv] [--stream-only]
#                                              the same pipeline over a JSON-lines file; dumps attributed_checkouts as CSV
#   ./pipeline generate [options]             the traffic generator alone (see ./pipeline generate --help)
# demo/run options: --keep-running, --work-dir DIR, --kinesis-endpoint URL, --s3-endpoint URL, --jdbc-url URL,
#   --bucket NAME, --shards N; demo only: --minutes 10 --rate 20 --speedup 30 --seed 42 (see RuntimeOptions).
set -euo pipefail
cd "$(dirname "$0")"

GENERATOR_JAR=generator/target/generator-0.1.0-SNAPSHOT-all.jar
RUNTIME=local-runtime/target

stale() { # $1 = marker file; true when missing or older than any source of the modules it needs
  [[ ! -f "$1" ]] || [[ -n "$(find pom.xml */pom.xml */src local-runtime/streaming-job -newer "$1" -type f 2>/dev/null | head -1)" ]]
}

build_generator() {
  if stale "$GENERATOR_JAR"; then
    echo "building the generator (first run takes a minute)..." >&2
    mvn -q -B -pl generator -am package -DskipTests -Dnpm.skip=true
  fi
}

build_runtime() {
  if stale "$RUNTIME/runtime.classpath" || [[ ! -d test-support/node_modules ]]; then
    echo "building the local runtime, streaming job and reconciler (first run takes a few minutes)..." >&2
    # install (not package): the streaming job's child classpath is resolved from the local repository
    mvn -q -B -pl local-runtime -am install -DskipTests
  fi
}

cmd="${1:-demo}"
shift || true
case "$cmd" in
  demo|run)
    build_runtime
    exec java -cp "$RUNTIME/classes:$(cat "$RUNTIME/runtime.classpath")" \
      -Daws.cborEnabled=false \
      com.clickstream.attribution.local.LocalRuntimeMain "$cmd" "$@"
    ;;
  generate)
    build_generator
    exec java -jar "$GENERATOR_JAR" "$@"
    ;;
  *)
    echo "usage: ./pipeline demo|run|generate [options]" >&2
    exit 2
    ;;
esac
