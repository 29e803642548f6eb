package com.clickstream.attribution.stream.sink.model;

import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.stream.attribution.OutputRows;
import com.clickstream.attribution.stream.parse.ParsedRecords;
import com.clickstream.attribution.stream.schema.AvroRows;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Everything one micro-batch writes, reshaped from {@link OutputRows} into rows per table (the
 * "writer model"); the JDBC code only sees this.
 *
 * @param checkouts   answers, at most one per checkout (the best of the batch, by the min rule)
 * @param items       line items of checkouts answered for the first time
 * @param deadLetters rejected records
 * @param eventsIn    records read (valid or not)
 * @param lateDropped valid events behind the watermark, left to the reconciler
 * @param duplicates  copies of events already seen (not written anywhere; logged)
 */
public record SinkBatch(List<AttributedCheckoutRow> checkouts, List<CheckoutItemRow> items,
                        List<DeadLetterRow> deadLetters, long eventsIn, long lateDropped, long duplicates) {

    public SinkBatch {
        checkouts = List.copyOf(checkouts);
        items = List.copyOf(items);
        deadLetters = List.copyOf(deadLetters);
    }

    /** True when the batch has nothing to write (an empty or no-data micro-batch). */
    public boolean isEmpty() {
        return checkouts.isEmpty() && items.isEmpty() && deadLetters.isEmpty() && eventsIn == 0;
    }

    public long rejected() {
        return deadLetters.size();
    }

    /** Reshapes the operator's output rows. */
    public static SinkBatch from(List<Row> rows) {
        Map<String, AttributedCheckoutRow> checkouts = new LinkedHashMap<>();
        List<CheckoutItemRow> items = new ArrayList<>();
        List<DeadLetterRow> deadLetters = new ArrayList<>();
        long eventsIn = 0;
        long late = 0;
        long duplicates = 0;
        for (Row row : rows) {
            String kind = row.getAs(OutputRows.KIND);
            switch (kind) {
                case OutputRows.KIND_ANSWER -> {
                    AttributedCheckoutRow answer = checkout(row);
                    checkouts.merge(answer.checkoutId(), answer, SinkBatch::better);
                    if (Boolean.TRUE.equals(row.getAs(OutputRows.FIRST_WRITE))) {
                        items.addAll(items(answer.checkoutId(), row));
                    }
                }
                case OutputRows.KIND_COUNTS -> {
                    eventsIn += row.<Long>getAs(OutputRows.EVENTS_IN);
                    late += row.<Long>getAs(OutputRows.LATE_DROPPED);
                    duplicates += row.<Long>getAs(OutputRows.DUPLICATES);
                }
                case OutputRows.KIND_REJECTED -> deadLetters.add(new DeadLetterRow(
                        row.getAs(ParsedRecords.EVENT_TYPE), row.getAs(ParsedRecords.REASON_CODE),
                        row.getAs(ParsedRecords.DETAIL), row.getAs(ParsedRecords.PAYLOAD),
                        row.getAs(ParsedRecords.STREAM_NAME), row.getAs(ParsedRecords.PARTITION_KEY),
                        row.getAs(ParsedRecords.SEQUENCE_NUMBER)));
                default -> throw new IllegalArgumentException("unknown output row kind " + kind);
            }
        }
        return new SinkBatch(new ArrayList<>(checkouts.values()), items, deadLetters, eventsIn, late, duplicates);
    }

    private static AttributedCheckoutRow checkout(Row row) {
        Object clickTs = row.getAs(OutputRows.CLICK_TS);
        return new AttributedCheckoutRow(
                row.getAs(OutputRows.CHECKOUT_ID), row.getAs(OutputRows.USER_ID),
                AvroRows.toInstant(row.getAs(OutputRows.CHECKOUT_TS)), row.<BigDecimal>getAs(OutputRows.REVENUE),
                row.getAs(OutputRows.CURRENCY), row.<Boolean>getAs(OutputRows.ATTRIBUTED),
                row.getAs(OutputRows.CLICK_ID), clickTs == null ? null : AvroRows.toInstant(clickTs),
                row.getAs(OutputRows.TRAFFIC_SOURCE), row.getAs(OutputRows.CAMPAIGN_ID),
                row.getAs(OutputRows.DEVICE_TYPE), row.getAs(OutputRows.PRODUCT_ID),
                row.getAs(OutputRows.PRODUCT_CATEGORY));
    }

    private static List<CheckoutItemRow> items(String checkoutId, Row row) {
        Object value = row.get(row.fieldIndex(OutputRows.ITEMS));
        List<?> lines = value instanceof scala.collection.Seq<?> seq
                ? scala.collection.JavaConverters.seqAsJavaList(seq) : (List<?>) value;
        List<CheckoutItemRow> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            LineItem line = AvroRows.fromRow((Row) lines.get(i), LineItem.getClassSchema());
            out.add(new CheckoutItemRow(checkoutId, i + 1, line.getProductId(), line.getProductName(),
                    line.getUnitPrice(), line.getQuantity()));
        }
        return out;
    }

    /**
     * Two answers for one checkout in one batch (only if a producer reused a checkout id across
     * users): keep the better by the min rule, so the upsert never meets one key twice.
     */
    private static AttributedCheckoutRow better(AttributedCheckoutRow a, AttributedCheckoutRow b) {
        if (a.attributed() != b.attributed()) {
            return a.attributed() ? a : b;
        }
        if (!a.attributed()) {
            return a;
        }
        int byTs = a.clickTs().compareTo(b.clickTs());
        if (byTs != 0) {
            return byTs < 0 ? a : b;
        }
        return com.clickstream.attribution.core.rules.ClickOrder.EVENT_ID
                .compare(a.attributedClickId(), b.attributedClickId()) <= 0 ? a : b;
    }
}
