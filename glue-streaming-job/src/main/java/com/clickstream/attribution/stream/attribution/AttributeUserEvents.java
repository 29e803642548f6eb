package com.clickstream.attribution.stream.attribution;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.stream.parse.ParsedRecords;
import com.clickstream.attribution.stream.schema.AvroRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

/**
 * The stateful operator, keyed by user: feeds one batch of a user's {@link ParsedRecords} rows to
 * {@link UserAttributionState} and emits {@link OutputRows}. Rejected records pass straight through
 * as dead letters (they never touch state).
 *
 * <p>Timeouts are processing-time, not event-time, on purpose: with an event-time timeout Spark
 * drops rows behind the watermark before this function sees them and only reports the count in
 * its progress, so late-dropped events could not be counted in the sink's transaction. With a
 * processing-time timeout every row reaches {@link UserAttributionState#apply}, which applies the
 * same {@code event_ts <= watermark} test against {@link GroupState#getCurrentWatermarkMs()} and
 * counts what it drops. The timeout then only schedules eviction of idle users' state
 * ({@link #EVICTION_CHECK}); it makes Spark run a (cheap, empty) batch every trigger.
 *
 * <p>The state is kept as bytes in the versioned format of {@link StateCodec}, never as a
 * Java-serialized object, so that a later release resumes from this release's checkpoint.
 */
public final class AttributeUserEvents
        implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {

    /** How often an idle user's state is checked for eviction. */
    public static final Duration EVICTION_CHECK = Duration.ofMinutes(1);

    // AttributionWindow is not Serializable; the function is shipped to executors, so keep the length.
    private final long windowMillis;
    private transient AttributionWindow window;

    public AttributeUserEvents(AttributionWindow window) {
        this.windowMillis = Objects.requireNonNull(window, "window").length().toMillis();
    }

    private AttributionWindow window() {
        if (window == null) {
            window = new AttributionWindow(Duration.ofMillis(windowMillis));
        }
        return window;
    }

    @Override
    public Iterator<Row> call(String userKey, Iterator<Row> rows, GroupState<byte[]> state) {
        long watermarkMs = state.getCurrentWatermarkMs();
        StateCodec codec = StateCodec.current();
        UserAttributionState user = state.exists() ? codec.decode(state.get()) : new UserAttributionState();
        List<Row> out = new ArrayList<>();
        if (!state.hasTimedOut()) {
            List<Click> clicks = new ArrayList<>();
            List<Checkout> checkouts = new ArrayList<>();
            long recordsIn = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                recordsIn++;
                String kind = row.getAs(ParsedRecords.KIND);
                if (ParsedRecords.KIND_CLICK.equals(kind)) {
                    clicks.add(AvroRows.fromRow(row.getAs(ParsedRecords.CLICK), Click.getClassSchema()));
                } else if (ParsedRecords.KIND_CHECKOUT.equals(kind)) {
                    checkouts.add(AvroRows.fromRow(row.getAs(ParsedRecords.CHECKOUT), Checkout.getClassSchema()));
                } else {
                    out.add(OutputRows.rejected(row));
                }
            }
            UserAttributionState.Step step = user.apply(clicks, checkouts, watermarkMs, window());
            for (UserAttributionState.Answer answer : step.answers()) {
                out.add(OutputRows.answer(answer.attribution(), answer.newCheckout()));
            }
            out.add(OutputRows.counts(recordsIn, step.late(), step.duplicates()));
        }
        user.evict(watermarkMs, window());
        if (user.isEmpty()) {
            if (state.exists()) {
                state.remove();
            }
        } else {
            state.update(codec.encode(user));
            state.setTimeoutDuration(EVICTION_CHECK.toMillis());
        }
        return out.iterator();
    }
}
