package com.clickstream.attribution.infra.processing;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The two Lambdas and their EventBridge rules.
 * <ul>
 *   <li>Orchestrator ({@code glue-streaming-job}): starts, stops and reports the streaming job. Invoked by
 *       hand to start/stop the pipeline, and by the keep-alive rule (every 10 minutes, {@code start}, which
 *       does nothing while a run is active), enabled only with context {@code streamingAlwaysOn=true}.</li>
 *   <li>Generator ({@code generator}): one burst of synthetic traffic per invocation into the two streams;
 *       its one-per-minute rule is DISABLED unless context {@code generatorEnabled=true}.</li>
 * </ul>
 */
public final class PipelineFunctions extends Construct {

    public static final String ORCHESTRATOR_HANDLER =
            "com.clickstream.attribution.stream.orchestrator.GlueJobOrchestrator::handleRequest";
    public static final String GENERATOR_HANDLER =
            "com.clickstream.attribution.generator.lambda.GeneratorLambda::handleRequest";
    /** Orchestrator environment: the job it drives. */
    public static final String GLUE_JOB_NAME_ENV = "GLUE_JOB_NAME";
    /** Generator environment (GeneratorLambda reads these; the rest keep its defaults). */
    public static final String CLICKS_STREAM_ENV = "CLICKS_STREAM";
    public static final String CHECKOUTS_STREAM_ENV = "CHECKOUTS_STREAM";
    public static final String BURST_EVENTS_ENV = "BURST_EVENTS";
    public static final String BURST_SPAN_ENV = "BURST_SPAN";
    public static final String SEED_ENV = "SEED";
    /** The orchestrator's request: {@code {"action": "start" | "stop" | "status"}}. */
    public static final String ACTION_FIELD = "action";
    public static final String START = "start";

    private final JavaFunction orchestrator;
    private final JavaFunction generator;
    private final Rule keepAlive;
    private final Rule generatorSchedule;

    public PipelineFunctions(Construct scope, String id, PipelineSettings settings, StreamingAttributionJob job,
                             Map<EventType, IStream> streams) {
        super(scope, id);
        this.orchestrator = new JavaFunction(this, "Orchestrator", settings.name("orchestrator"),
                "Starts, stops and reports the Glue streaming job " + job.getJobName(),
                ORCHESTRATOR_HANDLER,
                JarCode.of(settings.inRepo(settings.orchestratorJar()), "mvn -pl glue-streaming-job -am package"),
                512, Duration.seconds(30), Map.of(GLUE_JOB_NAME_ENV, job.getJobName()));
        orchestrator.getRole().addToPolicy(PolicyStatement.Builder.create()
                .sid("DriveTheStreamingJob")
                .actions(List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun", "glue:GetJob"))
                .resources(List.of(job.jobArn()))
                .build());

        Map<String, String> generatorEnv = new LinkedHashMap<>();
        generatorEnv.put(CLICKS_STREAM_ENV, streams.get(EventType.CLICK).getStreamName());
        generatorEnv.put(CHECKOUTS_STREAM_ENV, streams.get(EventType.CHECKOUT).getStreamName());
        generatorEnv.put(BURST_EVENTS_ENV, Integer.toString(settings.generatorBurstEvents()));
        generatorEnv.put(BURST_SPAN_ENV, "1m"); // one burst per scheduled minute covers that minute
        generatorEnv.put(SEED_ENV, "42");
        this.generator = new JavaFunction(this, "Generator", settings.name("generator"),
                "Synthetic clickstream: one burst per scheduled minute into the Kinesis streams",
                GENERATOR_HANDLER,
                JarCode.of(settings.inRepo(settings.generatorJar()), "mvn -pl generator -am package"),
                1024, Duration.seconds(60), generatorEnv);
        streams.values().forEach(s -> s.grantWrite(generator.getRole()));
        Nag.suppressFindings(generator.getRole(), "AwsSolutions-IAM5",
                "Writing to a KMS-encrypted stream needs the stream key's data-key actions, which CDK grants as the "
                        + "kms:GenerateDataKey*/ReEncrypt* families on that one key ARN (no other key).",
                "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*");

        this.keepAlive = Rule.Builder.create(this, "KeepStreamingJobRunning")
                .ruleName(settings.name("streaming-keep-alive"))
                .description("Starts the streaming job if no run is active (enable with context streamingAlwaysOn=true)")
                .schedule(Schedule.rate(Duration.minutes(10)))
                .enabled(settings.streamingAlwaysOn())
                .targets(List.of(new LambdaFunction(orchestrator.getFunction(), LambdaFunctionProps.builder()
                        .event(RuleTargetInput.fromObject(Map.of(ACTION_FIELD, START)))
                        .retryAttempts(2)
                        .build())))
                .build();
        this.generatorSchedule = Rule.Builder.create(this, "GeneratorSchedule")
                .ruleName(settings.name("generator-every-minute"))
                .description("One synthetic traffic burst per minute (disabled by default: enable to demo the pipeline)")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .enabled(settings.generatorEnabled())
                // the scheduled event itself is the input: GeneratorLambda seeds each burst from its "time"
                .targets(List.of(new LambdaFunction(generator.getFunction(), LambdaFunctionProps.builder()
                        .retryAttempts(2)
                        .build())))
                .build();
    }

    public IFunction getOrchestrator() {
        return orchestrator.getFunction();
    }

    public IFunction getGenerator() {
        return generator.getFunction();
    }

    public Rule getKeepAliveRule() {
        return keepAlive;
    }

    public Rule getGeneratorRule() {
        return generatorSchedule;
    }
}
