#!/usr/bin/env bash
# The deploy step of buildspec.yml (post_build), usable by hand too. Deploys ONLY when the approval
# switch DEPLOY_ENABLED is "true", the build so far succeeded, and the build is not a pull request
# (a webhook build must be a push to DEPLOY_BRANCH; a manual start is fine). Then:
#   1. fetch the Kinesis connector jar (fails before anything changes if it cannot)
#   2. cdk deploy --all (builds the reconciler image; writes infra-cdk/target/cdk-outputs.json)
#   3. upload the Glue job jar, the connector and the placeholder script to the scripts bucket
# Environment: DEPLOY_ENABLED, DEPLOY_BRANCH (main), PIPELINE_PREFIX, GITHUB_REPOSITORY_URL, ALARM_EMAIL,
# CDK_REQUIRE_APPROVAL (never: CodeBuild has no terminal; "broadening" makes IAM-widening changes fail
# the build instead, for a human to re-run with never).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${DEPLOY_ENABLED:-false}" != "true" ]]; then
  echo "deploy: skipped (DEPLOY_ENABLED=${DEPLOY_ENABLED:-unset}; set it to true to deploy)"
  exit 0
fi
if [[ "${CODEBUILD_BUILD_SUCCEEDING:-1}" != "1" ]]; then
  echo "deploy: skipped (the build failed)"
  exit 0
fi
trigger="${CODEBUILD_WEBHOOK_TRIGGER:-}"
if [[ -n "$trigger" && "$trigger" != "branch/${DEPLOY_BRANCH:-main}" ]]; then
  echo "deploy: skipped ($trigger is not a push to ${DEPLOY_BRANCH:-main})"
  exit 0
fi

context=(-c "prefix=${PIPELINE_PREFIX:-clickstream}")
if [[ -n "${GITHUB_REPOSITORY_URL:-}" ]]; then context+=(-c "githubRepository=${GITHUB_REPOSITORY_URL}"); fi
if [[ -n "${ALARM_EMAIL:-}" ]]; then context+=(-c "alarmEmail=${ALARM_EMAIL}"); fi

echo "deploy: 1/3 fetch the Kinesis connector"
connector="$(infra-cdk/scripts/fetch-kinesis-connector.sh infra-cdk/target/glue-artifacts)"
echo "deploy: 2/3 cdk deploy"
npm --prefix infra-cdk run deploy -- "${context[@]}" --require-approval "${CDK_REQUIRE_APPROVAL:-never}" \
  --outputs-file target/cdk-outputs.json
echo "deploy: 3/3 upload the Glue artifacts"
infra-cdk/scripts/upload-glue-artifacts.sh "$connector" infra-cdk/target/cdk-outputs.json
echo "deploy: done"
