// Glue needs a script location even for a job whose code is a jar: this job runs the Java main class
// given by --class (com.clickstream.attribution.stream.job.StreamingAttributionJob) from the jar in
// --extra-jars. This file is uploaded next to the jars by infra-cdk/scripts/upload-glue-artifacts.sh
// and is intentionally empty of code.
