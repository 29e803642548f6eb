#!/usr/bin/env bash
# Builds batch-reconciler's plain jar as it was at an earlier commit (default b4d16f9: before the recompute
# and write-path optimizations), for B1's before/after rows (docs/benchmarks.md):
#   BENCH_JVM_OPTS="-Db1.baselineJar=$(bench/baseline/build-baseline-reconciler.sh)" ./pipeline bench --only b1
# (the rows are labelled with the jar's name, batch-reconciler-b4d16f9)
# That commit had no FileRawEventSource (the benchmark reads local files): FileRawEventSource.java.txt is the
# class added to it, decoding objects the way S3RawEventSource did then (two passes). Other modules (core,
# raw-store) come from the local Maven repository, i.e. the current build. Prints the jar's absolute path.
set -euo pipefail
cd "$(dirname "$0")/../.."
REV="${1:-b4d16f9}"
WORKTREE="$(mktemp -d)/reconciler-$REV"
OUT="$PWD/bench/target/batch-reconciler-$REV.jar"
git worktree add -f -q --detach "$WORKTREE" "$REV"
trap 'git worktree remove --force "$WORKTREE"' EXIT
cp bench/baseline/FileRawEventSource.java.txt \
  "$WORKTREE/batch-reconciler/src/main/java/com/clickstream/attribution/reconciler/raw/FileRawEventSource.java"
(cd "$WORKTREE" && mvn -q -B -o package -DskipTests -Dnpm.skip=true -pl batch-reconciler >&2)
mkdir -p "$(dirname "$OUT")"
# the Boot plugin replaced the main artifact at that commit; the plain jar is the .original
cp "$WORKTREE/batch-reconciler/target/batch-reconciler-0.1.0-SNAPSHOT.jar.original" "$OUT"
echo "$OUT"
