package com.clickstream.attribution.infra;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.ci.CiStack;
import com.clickstream.attribution.infra.ci.GitHubRepository;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.data.DataStack;
import com.clickstream.attribution.infra.database.DatabaseStack;
import com.clickstream.attribution.infra.monitoring.MonitoringStack;
import com.clickstream.attribution.infra.monitoring.PipelineAlarms;
import com.clickstream.attribution.infra.network.NetworkStack;
import com.clickstream.attribution.infra.processing.ProcessingStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.kinesis.IStream;

/**
 * The app's stacks, wired through their props and getters: network -> data -> database -> processing
 * -> monitoring, and CI beside them. cdk-nag's AwsSolutions pack checks every stack.
 */
public final class PipelineStacks {

    private final NetworkStack network;
    private final DataStack data;
    private final DatabaseStack database;
    private final ProcessingStack processing;
    private final MonitoringStack monitoring;
    private final Optional<CiStack> ci;

    private PipelineStacks(NetworkStack network, DataStack data, DatabaseStack database, ProcessingStack processing,
                           MonitoringStack monitoring, Optional<CiStack> ci) {
        this.network = network;
        this.data = data;
        this.database = database;
        this.processing = processing;
        this.monitoring = monitoring;
        this.ci = ci;
    }

    /** Adds every stack to {@code app}; {@code env} null = environment-agnostic (tests, plain synth). */
    public static PipelineStacks addTo(App app, PipelineSettings settings, Environment env) {
        String prefix = stackNamePrefix(settings);
        NetworkStack network = new NetworkStack(app, prefix + "-Network", new NetworkStack.Props(
                props(env, "Clickstream pipeline: VPC, private subnets, VPC endpoints"), settings));
        DataStack data = new DataStack(app, prefix + "-Data", new DataStack.Props(
                props(env, "Clickstream pipeline: KMS key, S3 buckets, Kinesis streams, Glue catalog, Firehose, Athena"),
                settings));
        DatabaseStack database = new DatabaseStack(app, prefix + "-Database", new DatabaseStack.Props(
                props(env, "Clickstream pipeline: RDS PostgreSQL and its secret"), settings, network.getVpc(), data.getKey()));
        Map<EventType, IStream> streams = new EnumMap<>(EventType.class);
        Map<EventType, String> deliveryStreams = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            streams.put(type, data.getStream(type));
            deliveryStreams.put(type, data.getDeliveryStreamName(type));
        }
        ProcessingStack processing = new ProcessingStack(app, prefix + "-Processing", new ProcessingStack.Props(
                props(env, "Clickstream pipeline: Glue streaming job, orchestrator and generator Lambdas, reconciler task"),
                settings, network.getVpc(), data.getKey(), streams, data.getRawBucket(), data.getScriptsBucket(),
                data.getCheckpointBucket(), database.getSecurityGroup(), database.getSecret(), database.getJdbcUrl()));
        MonitoringStack monitoring = new MonitoringStack(app, prefix + "-Monitoring", new MonitoringStack.Props(
                props(env, "Clickstream pipeline: alarms, alerts topic, dashboard"), settings,
                new PipelineAlarms.Watched(streams, deliveryStreams, processing.getStreamingJobName(),
                        processing.getReconcilerCluster().getClusterArn(), processing.getReconciler().getSchedule(),
                        database.getInstance(), settings.dbAllocatedStorageGiB(), processing.getOrchestrator())));
        Optional<CiStack> ci = settings.githubRepository().map(url -> new CiStack(app, prefix + "-Ci", new CiStack.Props(
                props(env, "Clickstream pipeline: CodeBuild project with GitHub webhook"), settings,
                GitHubRepository.parse(url), data.getScriptsBucket(), data.getKey())));

        Tags.of(app).add("project", "clickstream-attribution");
        Tags.of(app).add("pipeline-prefix", settings.prefix());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return new PipelineStacks(network, data, database, processing, monitoring, ci);
    }

    /** {@code Clickstream} for prefix {@code clickstream}: stack names start with it. */
    public static String stackNamePrefix(PipelineSettings settings) {
        return Character.toUpperCase(settings.prefix().charAt(0)) + settings.prefix().substring(1);
    }

    private static StackProps props(Environment env, String description) {
        StackProps.Builder b = StackProps.builder().description(description);
        if (env != null) {
            b.env(env);
        }
        return b.build();
    }

    public List<Stack> all() {
        List<Stack> all = new ArrayList<>(List.of(network, data, database, processing, monitoring));
        ci.ifPresent(all::add);
        return Collections.unmodifiableList(all);
    }

    public NetworkStack network() {
        return network;
    }

    public DataStack data() {
        return data;
    }

    public DatabaseStack database() {
        return database;
    }

    public ProcessingStack processing() {
        return processing;
    }

    public MonitoringStack monitoring() {
        return monitoring;
    }

    public Optional<CiStack> ci() {
        return ci;
    }
}
