package com.clickstream.attribution.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two deployable jars (built in the package phase, before failsafe runs): the Glue job jar has
 * the job and its sink but no Spark and no orchestrator; the orchestrator jar has the Lambda and the
 * Glue client but no Spark and no job.
 */
class PackagedJarsIT {

    private static Path jar(String classifier) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + classifier + ".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + classifier + " jar in target/"));
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName()).toList();
        }
    }

    @Test
    void glueJarHoldsTheJobNotSparkNotTheOrchestrator() throws IOException {
        Path glue = jar("glue");
        List<String> names = entries(glue);
        assertThat(names).contains(
                "com/clickstream/attribution/stream/job/StreamingAttributionJob.class",
                "com/clickstream/attribution/core/rules/FirstClickAttribution.class",
                "org/postgresql/Driver.class");
        assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/"))
                .noneMatch(n -> n.startsWith("com/clickstream/attribution/stream/orchestrator/"))
                .noneMatch(n -> n.startsWith("org/apache/spark/sql/kinesis/"));
        try (JarFile file = new JarFile(glue.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("com.clickstream.attribution.stream.job.StreamingAttributionJob");
        }
    }

    @Test
    void orchestratorJarHoldsTheLambdaAndTheGlueClientOnly() throws IOException {
        List<String> names = entries(jar("orchestrator"));
        assertThat(names).contains(
                "com/clickstream/attribution/stream/orchestrator/GlueJobOrchestrator.class",
                "software/amazon/awssdk/services/glue/GlueClient.class",
                "com/amazonaws/services/lambda/runtime/RequestHandler.class");
        assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/"))
                .noneMatch(n -> n.startsWith("scala/"))
                .noneMatch(n -> n.startsWith("com/clickstream/attribution/stream/job/"))
                .noneMatch(n -> n.startsWith("com/clickstream/attribution/core/"));
    }
}
