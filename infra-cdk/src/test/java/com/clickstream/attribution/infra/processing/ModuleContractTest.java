package com.clickstream.attribution.infra.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.config.PipelineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names the stacks pass to the other modules' code are the names that code reads. infra-cdk does
 * not depend on the Spark, Lambda or Spring modules (it would drag Spark onto the CDK classpath), so
 * these checks read those modules' sources.
 */
class ModuleContractTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern STRING_CONSTANT = Pattern.compile("static final String \\w+ = \"([^\"]+)\";");

    @Test
    void everyStreamingJobArgumentIsAKeyOfTheJobsArgumentsClass() throws IOException {
        Set<String> keys = constants("glue-streaming-job/src/main/java/com/clickstream/attribution/stream/job/JobArguments.java");
        assertThat(keys).containsAll(StreamingJobArguments.ALL);
        assertThat(source("glue-streaming-job/src/main/java/com/clickstream/attribution/stream/source/SourceKind.java"))
                .contains("\"" + StreamingJobArguments.SOURCE_AWS_KINESIS + "\"");
        assertThat(source("glue-streaming-job/src/main/java/com/clickstream/attribution/stream/job/JobArguments.java"))
                .contains("ROCKSDB(").contains("GLUE");
        assertThat(REPO.resolve(javaFile(StreamingJobArguments.MAIN_CLASS, "glue-streaming-job"))).isRegularFile();
    }

    @Test
    void generatorHandlerAndItsEnvironmentExist() throws IOException {
        String handlerClass = PipelineFunctions.GENERATOR_HANDLER.substring(0, PipelineFunctions.GENERATOR_HANDLER.indexOf("::"));
        String source = source(javaFile(handlerClass, "generator"));
        assertThat(source).contains("handleRequest(");
        for (String env : new String[] {PipelineFunctions.CLICKS_STREAM_ENV, PipelineFunctions.CHECKOUTS_STREAM_ENV,
                PipelineFunctions.BURST_EVENTS_ENV, PipelineFunctions.BURST_SPAN_ENV, PipelineFunctions.SEED_ENV}) {
            assertThat(source).as("GeneratorLambda reads " + env).contains("\"" + env + "\"");
        }
    }

    @Test
    void orchestratorHandlerReadsTheJobNameAndTheStartAction() throws IOException {
        String handlerClass = PipelineFunctions.ORCHESTRATOR_HANDLER.substring(0, PipelineFunctions.ORCHESTRATOR_HANDLER.indexOf("::"));
        Path file = REPO.resolve(javaFile(handlerClass, "glue-streaming-job"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file),
                "glue-streaming-job's orchestrator is not in this checkout yet: " + file);
        String source = orchestratorSources(file.getParent());
        assertThat(source).contains("\"" + PipelineFunctions.GLUE_JOB_NAME_ENV + "\"");
        assertThat(source).contains("\"" + PipelineFunctions.ACTION_FIELD + "\"").contains(PipelineFunctions.START);
    }

    @Test
    void lambdaJarNamesAreWhatTheModulesBuild() throws IOException {
        assertThat(source("generator/pom.xml")).contains("<shadedClassifierName>all</shadedClassifierName>");
        assertThat(PipelineSettings.DEFAULT_GENERATOR_JAR).endsWith("-all.jar");
        String gluePom = source("glue-streaming-job/pom.xml");
        assertThat(PipelineSettings.DEFAULT_ORCHESTRATOR_JAR).endsWith("-orchestrator.jar");
        assertThat(gluePom).contains("orchestrator").contains("glue");
    }

    @Test
    void reconcilerReadsTheSettingsTheTaskPasses() throws IOException {
        // RECONCILER_MODE, RECONCILER_WORK_DIR
        String properties = source("batch-reconciler/src/main/java/com/clickstream/attribution/reconciler/config/ReconcilerProperties.java");
        assertThat(properties).contains("@ConfigurationProperties(\"reconciler\")").contains("Mode mode").contains("Path workDir");
        // RECONCILER_S3_BUCKET
        assertThat(source("batch-reconciler/src/main/java/com/clickstream/attribution/reconciler/config/RawBucketProperties.java"))
                .contains("@ConfigurationProperties(\"reconciler.s3\")").contains("String bucket");
        // SPRING_CLOUD_AWS_REGION_STATIC and MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE belong to Spring Cloud AWS
        assertThat(source("batch-reconciler/pom.xml")).contains("spring-cloud-aws-starter-s3").contains("spring-cloud-aws-starter-metrics");
        Set<String> options = constants("batch-reconciler/src/main/java/com/clickstream/attribution/reconciler/config/ReconciliationParameters.java");
        assertThat(options).contains("window", "lateness");
        assertThat(source("batch-reconciler/Dockerfile")).contains("ENTRYPOINT").contains("target/batch-reconciler-");
    }

    @Test
    void connectorJarNameIsTheSameInTheSettingsAndTheFetchScript() throws IOException {
        assertThat(source("infra-cdk/scripts/fetch-kinesis-connector.sh"))
                .contains("${KINESIS_CONNECTOR_JAR:-" + PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR + "}");
    }

    private static String orchestratorSources(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    private static String javaFile(String className, String module) {
        return module + "/src/main/java/" + className.replace('.', '/') + ".java";
    }

    private static Set<String> constants(String file) throws IOException {
        Matcher m = STRING_CONSTANT.matcher(source(file));
        Set<String> values = new java.util.HashSet<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static String source(String file) throws IOException {
        return Files.readString(REPO.resolve(file));
    }
}
