package com.clickstream.attribution.stream.source;

import java.util.Arrays;
import java.util.Locale;

/** The Kinesis connectors the job can read with (see {@link KinesisSourceOptions}). */
public enum SourceKind {
    /** {@code com.qubole.spark:spark-sql-kinesis_2.12} (Maven Central), format {@code kinesis}: local runs and tests. */
    QUBOLE("qubole", "kinesis"),
    /** awslabs spark-sql-kinesis-connector (jar attached with --extra-jars), format {@code aws-kinesis}: Glue 5.0. */
    AWS_KINESIS("aws-kinesis", "aws-kinesis");

    private final String argumentName;
    private final String format;

    SourceKind(String argumentName, String format) {
        this.argumentName = argumentName;
        this.format = format;
    }

    /** The value of {@code --source}. */
    public String argumentName() {
        return argumentName;
    }

    /** The Spark data source format name. */
    public String format() {
        return format;
    }

    public static SourceKind fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.argumentName.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--source must be one of "
                        + Arrays.stream(values()).map(SourceKind::argumentName).toList() + ": " + name));
    }
}
