package com.clickstream.attribution.stream.attribution;

import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.stream.parse.ParseRecords;
import com.clickstream.attribution.stream.parse.ParsedRecords;
import java.time.Duration;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;

/**
 * The attribution transform as static functions over Datasets: raw records
 * ({@link com.clickstream.attribution.stream.source.RawRecords}) -> validated records
 * ({@link ParsedRecords}) -> answers, counts and dead letters ({@link OutputRows}). Knows nothing
 * about Kinesis or PostgreSQL, so tests drive it with a MemoryStream.
 */
public final class AttributionPipeline {

    private AttributionPipeline() {
    }

    /** Validates every record with attribution-core's parser. */
    public static Dataset<Row> parse(Dataset<Row> raw, String clicksStream, String checkoutsStream) {
        return raw.mapPartitions(new ParseRecords(clicksStream, checkoutsStream), Encoders.row(ParsedRecords.SCHEMA));
    }

    /**
     * Watermark on event time (delay = allowed lateness), then first-click attribution per user in
     * Spark state ({@link AttributeUserEvents}).
     */
    public static Dataset<Row> attribute(Dataset<Row> parsed, AttributionWindow window, Duration allowedLateness) {
        return parsed
                .withWatermark(ParsedRecords.EVENT_TS, allowedLateness.toMillis() + " milliseconds")
                .groupByKey((MapFunction<Row, String>) row -> row.getAs(ParsedRecords.USER_KEY), Encoders.STRING())
                .flatMapGroupsWithState(new AttributeUserEvents(window), OutputMode.Append(),
                        Encoders.javaSerialization(UserAttributionState.class), Encoders.row(OutputRows.SCHEMA),
                        GroupStateTimeout.ProcessingTimeTimeout());
    }

    /** {@link #parse} then {@link #attribute}. */
    public static Dataset<Row> build(Dataset<Row> raw, String clicksStream, String checkoutsStream,
                                     AttributionWindow window, Duration allowedLateness) {
        return attribute(parse(raw, clicksStream, checkoutsStream), window, allowedLateness);
    }
}
