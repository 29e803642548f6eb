package com.clickstream.attribution.stream.sink.model;

import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.CheckoutOwner;
import com.clickstream.attribution.core.rules.FirstClickMerge;
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
 * @param checkouts   answers, at most one per checkout id (the owner's best of the batch, {@link CheckoutOwner#ANSWERS})
 * @param items       line items of checkouts answered for the first time (of the owner's copy only)
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
        Map<String, Kept> checkouts = new LinkedHashMap<>();
        List<DeadLetterRow> deadLetters = new ArrayList<>();
        long eventsIn = 0;
        long late = 0;
        long duplicates = 0;
        for (Row row : rows) {
            String kind = row.getAs(OutputRows.KIND);
            switch (kind) {
                case OutputRows.KIND_ANSWER -> {
                    AttributedCheckoutRow answer = checkout(row);
                    List<CheckoutItemRow> lines = Boolean.TRUE.equals(row.getAs(OutputRows.FIRST_WRITE))
                            ? items(answer.checkoutId(), row) : List.of();
                    checkouts.merge(answer.checkoutId(), new Kept(answer, lines), Kept::merge);
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
        List<AttributedCheckoutRow> answers = checkouts.values().stream().map(Kept::row).toList();
        List<CheckoutItemRow> items = checkouts.values().stream().flatMap(k -> k.items().stream()).toList();
        return new SinkBatch(answers, items, deadLetters, eventsIn, late, duplicates);
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
     * The answer kept for one checkout id, and the items to write with it. Two answers for one id in one
     * batch come from two users (a producer reused the id; the state is per user, so each copy is answered):
     * the owner's answer is kept ({@link CheckoutOwner}), so the upsert never meets one key twice, and only
     * the owner's copy's items are written, so the other copy's lines cannot mix in. Answers of one owner
     * keep the better click (min rule) and whichever of them carries the items.
     */
    private record Kept(AttributedCheckoutRow row, List<CheckoutItemRow> items) {

        Kept merge(Kept other) {
            Attribution mine = row.attribution();
            Attribution theirs = other.row.attribution();
            int owner = CheckoutOwner.OWNER.compare(theirs, mine);
            if (owner != 0) {
                return owner < 0 ? other : this;
            }
            // one owner: the min rule decides, attribution-core's, not a copy of it
            List<CheckoutItemRow> lines = items.isEmpty() ? other.items : items;
            return new Kept(FirstClickMerge.isBetter(theirs, mine) ? other.row : row, lines);
        }
    }
}
