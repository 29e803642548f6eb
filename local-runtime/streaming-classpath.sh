#!/usr/bin/env bash
# Writes the streaming job's runtime classpath (job + Spark) to $2, resolving streaming-job/pom.xml.
# $1 = the mvn executable. The job and its project dependencies must be in the local repository; if they
# are not (a fresh clone built with `verify`, not `install`), they are installed first.
set -euo pipefail
cd "$(dirname "$0")"
MVN="$1"; OUT="$2"
resolve() { "$MVN" -q -B -f streaming-job/pom.xml dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$OUT"; }
if ! resolve >/dev/null 2>&1; then
  echo "local-runtime: installing the streaming job's modules into the local repository" >&2
  "$MVN" -q -B -f ../pom.xml -pl glue-streaming-job -am install -DskipTests -Dnpm.skip=true
  resolve
fi
