package com.clickstream.attribution.infra.config;

import com.clickstream.attribution.support.cli.ErrorLines;
import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the CDK app, read from CDK context ({@code cdk.json}, {@code -c key=value}) with
 * the defaults below. Constructible from a plain map so tests build the app without a CLI.
 *
 * <table>
 * <tr><th>context key</th><th>default</th><th>effect</th></tr>
 * <tr><td>prefix</td><td>clickstream</td><td>prefix of every physical name (streams, job, functions, tables' database)</td></tr>
 * <tr><td>githubRepository</td><td>(none)</td><td>https URL of the GitHub repository CodeBuild builds; without it no CI stack is made</td></tr>
 * <tr><td>githubBranch</td><td>main</td><td>branch whose pushes build (and, with DEPLOY_ENABLED=true, deploy)</td></tr>
 * <tr><td>alarmEmail</td><td>(none)</td><td>e-mail subscribed to the alarm topic</td></tr>
 * <tr><td>maxAzs</td><td>2</td><td>availability zones of the VPC (private subnets and interface endpoints in each)</td></tr>
 * <tr><td>glueDatabase</td><td>clickstream</td><td>Glue/Athena database of the raw tables (db/athena uses the same name)</td></tr>
 * <tr><td>projectionStartDay</td><td>2025-01-01</td><td>first {@code dt} the Athena partition projection enumerates</td></tr>
 * <tr><td>rawRetentionDays</td><td>400</td><td>raw events expire after this many days (Glacier Instant Retrieval after 90)</td></tr>
 * <tr><td>streamRetentionHours</td><td>24</td><td>Kinesis retention (raw S3 is the long-term replay source)</td></tr>
 * <tr><td>firehoseBufferSeconds</td><td>300</td><td>Firehose buffer interval (60..900); bigger = fewer, larger Parquet files</td></tr>
 * <tr><td>firehoseBufferMiB</td><td>128</td><td>Firehose buffer size (64..128 with Parquet conversion)</td></tr>
 * <tr><td>dbInstanceType</td><td>t4g.medium</td><td>RDS instance class (without the {@code db.} prefix)</td></tr>
 * <tr><td>dbAllocatedStorageGiB</td><td>50</td><td>initial gp3 storage; autoscaling up to 4x</td></tr>
 * <tr><td>dbMultiAz</td><td>false</td><td>standby in a second AZ (true for production)</td></tr>
 * <tr><td>dbDeletionProtection</td><td>true</td><td>RDS deletion protection; false lets {@code cdk destroy} delete it (a snapshot is kept)</td></tr>
 * <tr><td>dbBackupRetentionDays</td><td>7</td><td>automated backup retention</td></tr>
 * <tr><td>glueWorkerType</td><td>G.1X</td><td>Glue worker type of the streaming job</td></tr>
 * <tr><td>glueWorkers</td><td>2</td><td>number of Glue workers (one is the driver)</td></tr>
 * <tr><td>attributionWindow</td><td>{@link AttributionWindow#DEFAULT_LENGTH}</td><td>window W, one setting for stream and reconciler</td></tr>
 * <tr><td>allowedLateness</td><td>5m</td><td>streaming watermark delay</td></tr>
 * <tr><td>triggerInterval</td><td>5s</td><td>streaming micro-batch trigger</td></tr>
 * <tr><td>startingPosition</td><td>TRIM_HORIZON</td><td>where a fresh checkpoint starts reading the streams</td></tr>
 * <tr><td>kinesisConnectorJar</td><td>spark-streaming-sql-kinesis-connector_2.12-1.4.0.jar</td><td>file name of the awslabs connector jar CodeBuild puts in the scripts bucket</td></tr>
 * <tr><td>streamingAlwaysOn</td><td>false</td><td>enables the keep-alive rule that (re)starts the streaming job every 10 minutes if no run is active</td></tr>
 * <tr><td>generatorEnabled</td><td>false</td><td>enables the one-burst-per-minute generator rule (synthetic traffic costs money)</td></tr>
 * <tr><td>generatorBurstEvents</td><td>1000</td><td>records per generator burst ({@code BURST_EVENTS})</td></tr>
 * <tr><td>reconcilerSchedule</td><td>30 2 * * ? *</td><td>EventBridge cron (UTC) of the reconciler task: minute hour day month weekday year</td></tr>
 * <tr><td>reconcilerCpu / reconcilerMemoryMiB</td><td>2048 / 8192</td><td>Fargate task size of the reconciler</td></tr>
 * <tr><td>correctionRateThresholdPercent</td><td>2</td><td>alarm when a reconciler run corrects more than this share of checkouts</td></tr>
 * <tr><td>iteratorAgeThreshold</td><td>5m</td><td>alarm when a stream's oldest unread record is older than this</td></tr>
 * <tr><td>repoRoot</td><td>..</td><td>repository root, relative to the working directory (infra-cdk when run by the CLI or the tests)</td></tr>
 * <tr><td>orchestratorJar / generatorJar</td><td>glue-streaming-job/target/…-orchestrator.jar, generator/target/…-all.jar</td><td>Lambda code, relative to repoRoot</td></tr>
 * <tr><td>reconcilerImageDir</td><td>batch-reconciler</td><td>Docker build context of the reconciler image, relative to repoRoot</td></tr>
 * </table>
 */
public record PipelineSettings(
        String prefix,
        Optional<String> githubRepository,
        String githubBranch,
        Optional<String> alarmEmail,
        int maxAzs,
        String glueDatabase,
        String projectionStartDay,
        int rawRetentionDays,
        int streamRetentionHours,
        int firehoseBufferSeconds,
        int firehoseBufferMiB,
        String dbInstanceType,
        int dbAllocatedStorageGiB,
        boolean dbMultiAz,
        boolean dbDeletionProtection,
        int dbBackupRetentionDays,
        String glueWorkerType,
        int glueWorkers,
        Duration attributionWindow,
        Duration allowedLateness,
        Duration triggerInterval,
        String startingPosition,
        String kinesisConnectorJar,
        boolean streamingAlwaysOn,
        boolean generatorEnabled,
        int generatorBurstEvents,
        String reconcilerSchedule,
        int reconcilerCpu,
        int reconcilerMemoryMiB,
        double correctionRateThresholdPercent,
        Duration iteratorAgeThreshold,
        Path repoRoot,
        String orchestratorJar,
        String generatorJar,
        String reconcilerImageDir) {

    /** Jar names fixed by the modules' builds (glue-streaming-job, generator). */
    public static final String DEFAULT_ORCHESTRATOR_JAR = "glue-streaming-job/target/glue-streaming-job-0.1.0-SNAPSHOT-orchestrator.jar";
    public static final String DEFAULT_GENERATOR_JAR = "generator/target/generator-0.1.0-SNAPSHOT-all.jar";
    public static final String DEFAULT_GLUE_JOB_JAR = "glue-streaming-job/target/glue-streaming-job-0.1.0-SNAPSHOT-glue.jar";
    public static final String DEFAULT_KINESIS_CONNECTOR_JAR = "spark-streaming-sql-kinesis-connector_2.12-1.4.0.jar";

    public PipelineSettings {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[a-z][a-z0-9-]{0,20}")) {
            throw new IllegalArgumentException("prefix must be lower-case letters, digits and '-', at most 21 characters: " + prefix);
        }
        if (firehoseBufferMiB < 64 || firehoseBufferMiB > 128) {
            throw new IllegalArgumentException("firehoseBufferMiB must be 64..128 with Parquet conversion: " + firehoseBufferMiB);
        }
        if (firehoseBufferSeconds < 60 || firehoseBufferSeconds > 900) {
            throw new IllegalArgumentException("firehoseBufferSeconds must be 60..900: " + firehoseBufferSeconds);
        }
        if (glueWorkers < 2) {
            throw new IllegalArgumentException("a Glue streaming job needs at least 2 workers: " + glueWorkers);
        }
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException("attributionWindow must be positive: " + attributionWindow);
        }
        require(!allowedLateness.isNegative(), "allowedLateness must not be negative: " + allowedLateness);
        require(!triggerInterval.isNegative(), "triggerInterval must not be negative: " + triggerInterval);
        require(!iteratorAgeThreshold.isNegative() && !iteratorAgeThreshold.isZero(),
                "iteratorAgeThreshold must be positive: " + iteratorAgeThreshold);
        require(STARTING_POSITIONS.contains(startingPosition.toUpperCase(java.util.Locale.ROOT)),
                "startingPosition must be one of " + STARTING_POSITIONS + ": " + startingPosition);
        require(maxAzs >= 1, "maxAzs must be at least 1: " + maxAzs);
        // raw objects move to Glacier Instant Retrieval after 90 days; S3 wants the expiration after that
        require(rawRetentionDays > 90, "rawRetentionDays must be more than 90 (the Glacier transition): " + rawRetentionDays);
        require(streamRetentionHours >= 24 && streamRetentionHours <= 8760,
                "streamRetentionHours must be 24..8760 (Kinesis): " + streamRetentionHours);
        require(dbAllocatedStorageGiB >= 20, "dbAllocatedStorageGiB must be at least 20 (gp3): " + dbAllocatedStorageGiB);
        require(dbBackupRetentionDays >= 0 && dbBackupRetentionDays <= 35,
                "dbBackupRetentionDays must be 0..35 (RDS): " + dbBackupRetentionDays);
        require(generatorBurstEvents >= 1, "generatorBurstEvents must be at least 1: " + generatorBurstEvents);
        require(reconcilerCpu >= 256 && reconcilerMemoryMiB >= 512,
                "reconcilerCpu / reconcilerMemoryMiB must be a Fargate size (at least 256 / 512): "
                        + reconcilerCpu + " / " + reconcilerMemoryMiB);
        require(correctionRateThresholdPercent >= 0 && correctionRateThresholdPercent <= 100,
                "correctionRateThresholdPercent must be 0..100: " + correctionRateThresholdPercent);
        require(reconcilerSchedule.trim().split("\\s+").length == 6,
                "reconcilerSchedule must be an EventBridge cron of 6 fields (minute hour day month weekday year): "
                        + reconcilerSchedule);
        try {
            java.time.LocalDate.parse(projectionStartDay);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("projectionStartDay must be a date (2025-01-01): " + projectionStartDay, e);
        }
        alarmEmail.ifPresent(email -> require(email.matches("[^@\\s]+@[^@\\s]+"), "alarmEmail is not an e-mail address: " + email));
    }

    /** Values the streaming job accepts for {@code --starting_position}. */
    static final java.util.Set<String> STARTING_POSITIONS = java.util.Set.of("TRIM_HORIZON", "LATEST", "EARLIEST");

    /** Every context key this app reads (CDK's own keys, e.g. feature flags, contain ':' or '/' or '@'). */
    public static final java.util.List<String> KEYS = java.util.List.of("prefix", "githubRepository", "githubBranch",
            "alarmEmail", "maxAzs", "glueDatabase", "projectionStartDay", "rawRetentionDays", "streamRetentionHours",
            "firehoseBufferSeconds", "firehoseBufferMiB", "dbInstanceType", "dbAllocatedStorageGiB", "dbMultiAz",
            "dbDeletionProtection", "dbBackupRetentionDays", "glueWorkerType", "glueWorkers", "attributionWindow",
            "allowedLateness", "triggerInterval", "startingPosition", "kinesisConnectorJar", "streamingAlwaysOn",
            "generatorEnabled", "generatorBurstEvents", "reconcilerSchedule", "reconcilerCpu", "reconcilerMemoryMiB",
            "correctionRateThresholdPercent", "iteratorAgeThreshold", "repoRoot", "orchestratorJar", "generatorJar",
            "reconcilerImageDir");

    /**
     * Refuses a context key that looks like one of this app's settings (a plain camelCase word) but is
     * not one of {@link #KEYS}: a typo ({@code -c glueWorker=4}) would otherwise be ignored silently.
     * CDK's own keys ({@code @aws-cdk/...}, {@code aws:cdk:...}, lookups with ':') pass.
     */
    public static void refuseUnknownKeys(java.util.Collection<String> contextKeys) {
        for (String key : contextKeys) {
            if (key.matches("[a-z][A-Za-z0-9]*") && !KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'"
                        + ErrorLines.closest(key, KEYS).map(k -> " (did you mean " + k + "?)").orElse(""));
            }
        }
    }


    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults (no context at all). */
    public static PipelineSettings defaults() {
        return fromContext(key -> null);
    }

    /** From a map of context values (strings, numbers or booleans as CDK gives them). */
    public static PipelineSettings fromMap(Map<String, ?> context) {
        Map<String, Object> copy = new LinkedHashMap<>(context);
        return fromContext(copy::get);
    }

    /** From a lookup such as {@code node.tryGetContext}: absent or blank values take the default. */
    public static PipelineSettings fromContext(Function<String, Object> lookup) {
        Context c = new Context(lookup);
        return new PipelineSettings(
                c.text("prefix", "clickstream"),
                Optional.ofNullable(c.text("githubRepository", null)),
                c.text("githubBranch", "main"),
                Optional.ofNullable(c.text("alarmEmail", null)),
                c.integer("maxAzs", 2),
                c.text("glueDatabase", "clickstream"),
                c.text("projectionStartDay", "2025-01-01"),
                c.integer("rawRetentionDays", 400),
                c.integer("streamRetentionHours", 24),
                c.integer("firehoseBufferSeconds", 300),
                c.integer("firehoseBufferMiB", 128),
                c.text("dbInstanceType", "t4g.medium"),
                c.integer("dbAllocatedStorageGiB", 50),
                c.bool("dbMultiAz", false),
                c.bool("dbDeletionProtection", true),
                c.integer("dbBackupRetentionDays", 7),
                c.text("glueWorkerType", "G.1X"),
                c.integer("glueWorkers", 2),
                c.duration("attributionWindow", AttributionWindow.DEFAULT_LENGTH),
                c.duration("allowedLateness", Duration.ofMinutes(5)),
                c.duration("triggerInterval", Duration.ofSeconds(5)),
                c.text("startingPosition", "TRIM_HORIZON"),
                c.text("kinesisConnectorJar", DEFAULT_KINESIS_CONNECTOR_JAR),
                c.bool("streamingAlwaysOn", false),
                c.bool("generatorEnabled", false),
                c.integer("generatorBurstEvents", 1000),
                c.text("reconcilerSchedule", "30 2 * * ? *"),
                c.integer("reconcilerCpu", 2048),
                c.integer("reconcilerMemoryMiB", 8192),
                c.decimal("correctionRateThresholdPercent", 2.0),
                c.duration("iteratorAgeThreshold", Duration.ofMinutes(5)),
                Path.of(c.text("repoRoot", "..")),
                c.text("orchestratorJar", DEFAULT_ORCHESTRATOR_JAR),
                c.text("generatorJar", DEFAULT_GENERATOR_JAR),
                c.text("reconcilerImageDir", "batch-reconciler"));
    }

    /** A physical name: {@code <prefix>-<name>}. */
    public String name(String name) {
        return prefix + "-" + name;
    }

    /** Repository-relative path resolved against {@link #repoRoot()}. */
    public Path inRepo(String relative) {
        return repoRoot.resolve(relative).normalize();
    }

    /** Duration as the job arguments and env take it ({@code 1h}, {@code 5m}, {@code 5s}). */
    public static String text(Duration d) {
        return Durations.format(d);
    }

    /** Typed reads of context values, which CDK hands over as strings (CLI) or JSON values (cdk.json). */
    private record Context(Function<String, Object> lookup) {

        String text(String key, String defaultValue) {
            Object v = lookup.apply(key);
            return v == null || v.toString().isBlank() ? defaultValue : v.toString().trim();
        }

        int integer(String key, int defaultValue) {
            String v = text(key, null);
            if (v == null) {
                return defaultValue;
            }
            try {
                // cdk.json numbers may arrive as 4.0
                double d = Double.parseDouble(v);
                if (d != Math.rint(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException("not whole");
                }
                return Math.toIntExact((long) d);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("context " + key + " is not an integer: " + v, e);
            }
        }

        double decimal(String key, double defaultValue) {
            String v = text(key, null);
            try {
                return v == null ? defaultValue : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("context " + key + " is not a number: " + v, e);
            }
        }

        boolean bool(String key, boolean defaultValue) {
            String v = text(key, null);
            if (v == null) {
                return defaultValue;
            }
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("context " + key + " must be true or false: " + v);
            }
            return Boolean.parseBoolean(v);
        }

        Duration duration(String key, Duration defaultValue) {
            String v = text(key, null);
            try {
                return v == null ? defaultValue : Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("context " + key + ": " + e.getMessage(), e);
            }
        }
    }
}
