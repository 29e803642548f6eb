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
    public static Dataset<Row> parse(Dataset<Row> raw, ParseRecords parser) {
        return raw.mapPartitions(parser, Encoders.row(ParsedRecords.SCHEMA));
    }

    /**
     * The watermark of one input: its largest event time read so far minus the allowed lateness.
     * Each Kinesis stream gets its own, and Spark's default policy for several watermarks
     * ({@code spark.sql.streaming.multipleWatermarkPolicy=min}) makes the query's watermark the
     * smallest of them. An input that has not read anything yet in this run counts as 0, so it holds
     * the watermark back until it has. So an event is late only when it is behind what the job has
     * read from its own stream (and from the other), and a checkout stays open while the clicks stream
     * has not caught up with it: catch-up after a stop reads far more event time per record cap on
     * the low-rate checkouts stream than on clicks, and with one watermark over both the clicks of the
     * backlog were counted late.
     */
    public static Dataset<Row> watermark(Dataset<Row> parsed, Duration allowedLateness) {
        return parsed.withWatermark(ParsedRecords.EVENT_TS, allowedLateness.toMillis() + " milliseconds");
    }

    /**
     * First-click attribution per user in Spark state ({@link AttributeUserEvents}) over the union of
     * the inputs, each already {@link #watermark watermarked}. The state is bytes in
     * {@link StateCodec}'s versioned format.
     */
    public static Dataset<Row> attribute(Dataset<Row> watermarked, AttributionWindow window) {
        return watermarked
                .groupByKey((MapFunction<Row, String>) row -> row.getAs(ParsedRecords.USER_KEY), Encoders.STRING())
                .flatMapGroupsWithState(new AttributeUserEvents(window), OutputMode.Append(),
                        Encoders.BINARY(), Encoders.row(OutputRows.SCHEMA),
                        GroupStateTimeout.ProcessingTimeTimeout());
    }

    /**
     * The clicks and checkouts inputs (each {@link com.clickstream.attribution.stream.source.RawRecords}
     * of one Kinesis stream): each is parsed and watermarked on its own, then both are attributed
     * together.
     */
    public static Dataset<Row> build(Dataset<Row> clicksRaw, Dataset<Row> checkoutsRaw, ParseRecords parser,
                                     AttributionWindow window, Duration allowedLateness) {
        Dataset<Row> clicks = watermark(parse(clicksRaw, parser), allowedLateness);
        Dataset<Row> checkouts = watermark(parse(checkoutsRaw, parser), allowedLateness);
        return attribute(clicks.union(checkouts), window);
    }
}
