#!/bin/sh
# The CDK app command (cdk.json "app"): runs InfraApp from this module's build output, so `npx cdk synth`
# needs no Maven run of its own. Build first (from the repository root):
#   mvn -B -pl infra-cdk -am package -DskipTests        (or any build that packaged infra-cdk)
# The jars the app deploys (Lambdas, reconciler image) come from the other modules' target/ folders.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f target/cdk-classpath.txt ] || [ ! -d target/classes ]; then
  echo "infra-cdk is not built: run 'mvn -B -pl infra-cdk -am package -DskipTests' from the repository root" >&2
  exit 1
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
exec java -cp "target/classes:$(cat target/cdk-classpath.txt)" com.clickstream.attribution.infra.InfraApp
