package com.clickstream.attribution.stream.source;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The input contract of the attribution pipeline: one row per Kinesis record, with the five
 * columns both Kinesis connectors (qubole {@code kinesis}, awslabs {@code aws-kinesis}) produce.
 * Tests build the same shape from a MemoryStream.
 */
public final class RawRecords {

    /** The record's bytes (one JSON event, or whatever a producer sent). */
    public static final String DATA = "data";
    public static final String STREAM_NAME = "streamName";
    public static final String PARTITION_KEY = "partitionKey";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String ARRIVAL_TS = "approximateArrivalTimestamp";

    public static final StructType SCHEMA = new StructType()
            .add(DATA, DataTypes.BinaryType)
            .add(STREAM_NAME, DataTypes.StringType)
            .add(PARTITION_KEY, DataTypes.StringType)
            .add(SEQUENCE_NUMBER, DataTypes.StringType)
            .add(ARRIVAL_TS, DataTypes.TimestampType);

    private RawRecords() {
    }

    /** The contract's columns, in order, cast to the contract's types (extra source columns dropped). */
    public static Dataset<Row> normalize(Dataset<Row> source) {
        Column[] columns = java.util.Arrays.stream(SCHEMA.fields())
                .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
                .toArray(Column[]::new);
        return source.select(columns);
    }
}
