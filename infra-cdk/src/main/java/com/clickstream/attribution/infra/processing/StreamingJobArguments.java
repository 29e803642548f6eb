package com.clickstream.attribution.infra.processing;

import java.util.List;

/**
 * The argument names of the Glue streaming job ({@code glue-streaming-job}'s
 * {@code com.clickstream.attribution.stream.job.JobArguments}; infra does not depend on the Spark module,
 * so ModuleContractTest feeds the synthesized job arguments to that class's parser).
 */
public final class StreamingJobArguments {

    public static final String MAIN_CLASS = "com.clickstream.attribution.stream.job.StreamingAttributionJob";

    public static final String RUNTIME = "runtime";
    public static final String SOURCE = "source";
    public static final String CLICKS_STREAM = "clicks_stream";
    public static final String CHECKOUTS_STREAM = "checkouts_stream";
    public static final String AWS_REGION = "aws_region";
    public static final String STARTING_POSITION = "starting_position";
    public static final String JDBC_URL = "jdbc_url";
    public static final String DB_SECRET_ID = "db_secret_id";
    public static final String CHECKPOINT_LOCATION = "checkpoint_location";
    public static final String ATTRIBUTION_WINDOW = "attribution_window";
    public static final String ALLOWED_LATENESS = "allowed_lateness";
    public static final String TRIGGER_INTERVAL = "trigger_interval";
    public static final String STATE_STORE = "state_store";

    /** Every job argument the stack sets (Glue's own {@code --job-language}, {@code --class}, … excluded). */
    public static final List<String> ALL = List.of(RUNTIME, SOURCE, CLICKS_STREAM, CHECKOUTS_STREAM, AWS_REGION,
            STARTING_POSITION, JDBC_URL, DB_SECRET_ID, CHECKPOINT_LOCATION, ATTRIBUTION_WINDOW, ALLOWED_LATENESS,
            TRIGGER_INTERVAL, STATE_STORE);

    /** Values the job understands: the Glue runtime, the awslabs connector, the RocksDB state store. */
    public static final String RUNTIME_GLUE = "glue";
    public static final String SOURCE_AWS_KINESIS = "aws-kinesis";
    public static final String STATE_STORE_ROCKSDB = "rocksdb";

    private StreamingJobArguments() {
    }
}
