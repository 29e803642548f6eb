#!/usr/bin/env bash
# Downloads the awslabs spark-sql-kinesis-connector jar that the Glue streaming job reads Kinesis with
# (format "aws-kinesis", attached with --extra-jars). It is not on Maven Central, so CodeBuild fetches
# it at deploy time from the location the connector's README publishes.
#
#   fetch-kinesis-connector.sh OUT_DIR        prints the path of the downloaded jar
#
# Environment: KINESIS_CONNECTOR_JAR (file name; default = PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR),
# KINESIS_CONNECTOR_BASE_URL (download folder), KINESIS_CONNECTOR_SHA256 (checked when set; pin it once
# you have reviewed a release).
set -euo pipefail
out="${1:?usage: fetch-kinesis-connector.sh OUT_DIR}"
jar="${KINESIS_CONNECTOR_JAR:-spark-streaming-sql-kinesis-connector_2.12-1.4.0.jar}"
base="${KINESIS_CONNECTOR_BASE_URL:-https://awslabs-code-us-east-1.s3.amazonaws.com/spark-sql-kinesis-connector}"
mkdir -p "$out"
echo "fetching $base/$jar" >&2
curl --fail --silent --show-error --location --retry 3 -o "$out/$jar" "$base/$jar"
if [[ "$(head -c 2 "$out/$jar")" != "PK" ]]; then
  echo "$out/$jar is not a jar (zip) file" >&2
  exit 1
fi
if [[ -n "${KINESIS_CONNECTOR_SHA256:-}" ]]; then
  echo "${KINESIS_CONNECTOR_SHA256}  $out/$jar" | sha256sum --check --status \
    || { echo "checksum mismatch for $jar (expected $KINESIS_CONNECTOR_SHA256)" >&2; exit 1; }
fi
echo "$out/$jar"
