#!/usr/bin/env bash
# Uploads what the Glue streaming job runs to the S3 URIs the Processing stack exports:
#   GlueJobJarUri             <- glue-streaming-job/target/glue-streaming-job-*-glue.jar (or $GLUE_JOB_JAR)
#   KinesisConnectorJarUri    <- the connector jar (fetch-kinesis-connector.sh)
#   GlueScriptPlaceholderUri  <- infra-cdk/glue/placeholder.scala
#
#   upload-glue-artifacts.sh CONNECTOR_JAR [OUTPUTS_JSON]
#
# The URIs come from OUTPUTS_JSON (cdk deploy --outputs-file; default infra-cdk/target/cdk-outputs.json)
# or, without it, from CloudFormation (aws cloudformation describe-stacks).
# Environment: PIPELINE_PREFIX (default clickstream; the stack is <Prefix>-Processing), GLUE_JOB_JAR.
set -euo pipefail
cd "$(dirname "$0")/../.."
connector="${1:?usage: upload-glue-artifacts.sh CONNECTOR_JAR [OUTPUTS_JSON]}"
outputs="${2:-infra-cdk/target/cdk-outputs.json}"
prefix="${PIPELINE_PREFIX:-clickstream}"
stack="${prefix^}-Processing"

output() {
  local value
  if [[ -f "$outputs" ]]; then
    value="$(node -e 'const o = require(require("path").resolve(process.argv[1]))[process.argv[2]] || {};
                      process.stdout.write(o[process.argv[3]] || "")' "$outputs" "$stack" "$1")"
  else
    value="$(aws cloudformation describe-stacks --stack-name "$stack" \
               --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text)"
  fi
  if [[ -z "$value" || "$value" == "None" ]]; then
    echo "stack $stack has no output $1 (deployed?)" >&2
    return 1
  fi
  echo "$value"
}

job_jar="${GLUE_JOB_JAR:-}"
if [[ -z "$job_jar" ]]; then
  shopt -s nullglob
  jars=(glue-streaming-job/target/glue-streaming-job-*-glue.jar)
  shopt -u nullglob
  [[ ${#jars[@]} -eq 1 ]] || { echo "expected one glue-streaming-job/target/*-glue.jar, found ${#jars[@]}: build it first" >&2; exit 1; }
  job_jar="${jars[0]}"
fi
[[ -f "$connector" ]] || { echo "no connector jar at $connector" >&2; exit 1; }

job_uri="$(output GlueJobJarUri)"
connector_uri="$(output KinesisConnectorJarUri)"
script_uri="$(output GlueScriptPlaceholderUri)"
aws s3 cp --only-show-errors "$job_jar" "$job_uri"
aws s3 cp --only-show-errors "$connector" "$connector_uri"
aws s3 cp --only-show-errors infra-cdk/glue/placeholder.scala "$script_uri"
echo "uploaded: $job_uri $connector_uri $script_uri"
