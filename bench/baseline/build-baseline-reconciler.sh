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
FILE_SOURCE="$WORKTREE/batch-reconciler/src/main/java/com/clickstream/attribution/reconciler/raw/FileRawEventSource.java"
# only commits before FileRawEventSource existed need the stand-in (44979b4, the columnar engine's baseline, has it)
[[ -f "$FILE_SOURCE" ]] || cp bench/baseline/FileRawEventSource.java.txt "$FILE_SOURCE"
# MVN_REPO: a local repository other than ~/.m2 (e.g. one of a parallel worktree)
(cd "$WORKTREE" && mvn -q -B -o package -DskipTests -Dnpm.skip=true ${MVN_REPO:+-Dmaven.repo.local=$MVN_REPO} -pl batch-reconciler >&2)
mkdir -p "$(dirname "$OUT")"
# the Boot plugin replaced the main artifact at b4d16f9 (the plain jar is the .original); later commits give the
# Boot jar a classifier and keep the main artifact plain
PLAIN="$WORKTREE/batch-reconciler/target/batch-reconciler-0.1.0-SNAPSHOT.jar"
[[ -f "$PLAIN.original" ]] && PLAIN="$PLAIN.original"
cp "$PLAIN" "$OUT"
echo "$OUT"
