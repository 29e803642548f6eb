package com.clickstream.attribution.infra.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.clickstream.attribution.generator.lambda.GeneratorLambda;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.orchestrator.GlueJobOrchestrator;
import com.clickstream.attribution.stream.source.SourceKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;

/**
 * What the stacks pass to the other modules' code is what that code understands: the synthesized
 * job arguments, Lambda environments and rule input are fed to the real classes (the job's argument
 * parser, the generator and orchestrator handlers). Values CloudFormation resolves at deploy time
 * (stream names, ARNs, the JDBC URL) are replaced by plausible ones.
 */
class ModuleContractTest {

    private static Template processing;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        processing = app.template(app.stacks().processing());
    }

    @Test
    void theStreamingJobParsesEveryArgumentTheStackPasses() {
        @SuppressWarnings("unchecked") // Cfn.only gives the resource's properties
        Map<String, Object> defaults = (Map<String, Object>) Cfn.only(processing, "AWS::Glue::Job").get("DefaultArguments");
        List<String> args = new ArrayList<>();
        defaults.forEach((key, value) -> {
            args.add(key);
            args.add(value instanceof String s ? s : deployTimeValue(key));
        });

        JobArguments parsed = JobArguments.parse(args.toArray(String[]::new));

        // the parser refuses a lower-case key it does not know; what it ignores are Glue's own (--class, --TempDir, ...)
        assertThat(parsed.unknownKeys()).isNotEmpty().doesNotContainAnyElementsOf(StreamingJobArguments.ALL);
        assertThat(parsed.runtime()).isEqualTo(JobArguments.Runtime.GLUE);
        assertThat(parsed.source()).isEqualTo(SourceKind.fromName(StreamingJobArguments.SOURCE_AWS_KINESIS));
        assertThat(parsed.stateStore().name()).isEqualToIgnoringCase(StreamingJobArguments.STATE_STORE_ROCKSDB);
        assertThat(parsed.attributionWindow().length()).isEqualTo(InfraTestApp.get().settings().attributionWindow());
        assertThat(parsed.dbSecretId()).isPresent();
        assertThat(defaults.get("--class")).isEqualTo(com.clickstream.attribution.stream.job.StreamingAttributionJob.class.getName());
    }

    @Test
    void theGeneratorHandlerRunsOnTheEnvironmentTheStackGivesIt() throws Exception {
        Map<String, Object> function = function("clickstream-generator");
        Class<?> handler = handlerClass(function);
        assertThat(RequestHandler.class).isAssignableFrom(handler);
        assertThat(handler.getConstructor()).isNotNull(); // the Lambda runtime's constructor

        GeneratorConfig burst = new GeneratorLambda(environment(function)).burstConfig(Instant.parse("2026-11-25T12:00:00Z"));

        assertThat(burst.maxEvents()).isEqualTo(InfraTestApp.get().settings().generatorBurstEvents());
        assertThat(burst.duration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKeepAliveRuleStartsTheJobTheOrchestratorIsToldToDrive() throws Exception {
        Map<String, Object> function = function("clickstream-orchestrator");
        assertThat(RequestHandler.class).isAssignableFrom(handlerClass(function));
        Map<String, String> env = environment(function);
        String input = (String) Cfn.path(Cfn.list(Cfn.properties(rule("clickstream-streaming-keep-alive")).get("Targets")).get(0),
                "Input");
        List<String> started = new ArrayList<>();
        GlueClient glue = (GlueClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {GlueClient.class},
                (proxy, method, methodArgs) -> switch (method.getName()) {
                    case "getJobRuns" -> GetJobRunsResponse.builder().build(); // no run yet
                    case "startJobRun" -> {
                        Object request = methodArgs[0];
                        if (request instanceof Consumer<?> consumer) { // the builder overload
                            StartJobRunRequest.Builder builder = StartJobRunRequest.builder();
                            ((Consumer<StartJobRunRequest.Builder>) consumer).accept(builder);
                            request = builder.build();
                        }
                        started.add(((StartJobRunRequest) request).jobName());
                        yield StartJobRunResponse.builder().jobRunId("jr-1").build();
                    }
                    case "serviceName" -> "glue";
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        @SuppressWarnings("unchecked")
        Map<String, Object> request = new ObjectMapper().readValue(input, Map.class);
        Map<String, Object> out = new GlueJobOrchestrator(glue, env.get(GlueJobOrchestrator.JOB_NAME_ENV))
                .handleRequest(request, null);

        assertThat(out).containsEntry("started", true);
        assertThat(started).containsExactly("clickstream-streaming-attribution");
    }

    @Test
    void connectorJarNameIsTheSameInTheSettingsAndTheFetchScript() throws IOException {
        assertThat(Files.readString(InfraTestApp.REPO_ROOT.resolve("infra-cdk/scripts/fetch-kinesis-connector.sh")))
                .contains("${KINESIS_CONNECTOR_JAR:-" + PipelineSettings.DEFAULT_KINESIS_CONNECTOR_JAR + "}");
    }

    private static String deployTimeValue(String key) {
        return key.equals("--" + StreamingJobArguments.JDBC_URL)
                ? "jdbc:postgresql://db.example.internal:5432/attribution" : "resolved-at-deploy" + key.replace("--", "-");
    }

    private static Map<String, Object> function(String name) {
        return Cfn.resources(processing, "AWS::Lambda::Function").values().stream()
                .filter(f -> name.equals(Cfn.properties(f).get("FunctionName"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> rule(String name) {
        return Cfn.resources(processing, "AWS::Events::Rule").values().stream()
                .filter(r -> name.equals(Cfn.properties(r).get("Name"))).findFirst().orElseThrow();
    }

    private static Class<?> handlerClass(Map<String, Object> function) throws ClassNotFoundException {
        String handler = (String) Cfn.properties(function).get("Handler");
        return Class.forName(handler.substring(0, handler.indexOf("::")));
    }

    private static Map<String, String> environment(Map<String, Object> function) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<?, ?>) Cfn.path(Cfn.properties(function), "Environment", "Variables")).forEach((k, v) ->
                env.put((String) k, v instanceof String s ? s : "resolved-at-deploy-" + k));
        return env;
    }
}
