package com.clickstream.attribution.bench.b2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventToRowTest {

    /** Batch b committed at now() = 5,000 + b and became visible at (b + 1) s. */
    private static Map<Long, BatchCommits.Commit> batches(int n) {
        Map<Long, BatchCommits.Commit> map = new HashMap<>();
        for (long b = 0; b < n; b++) {
            map.put(5_000 + b, new BatchCommits.Commit(b, 5_000 + b, (b + 1) * 1_000_000, 0, 0, 0, 0));
        }
        return map;
    }

    @Test
    void latencyIsFromTheSendToTheVisibilityOfTheBatchThatWroteTheRowLast() {
        SendLog sends = new SendLog();
        sends.add(new SendLog.Chunk(0, 10, 200_000, 210_000)); // sent at 0.2 s
        List<EventToRow.SentCheckout> checkouts = List.of(new EventToRow.SentCheckout(3, "ord-a"),
                new EventToRow.SentCheckout(7, "ord-b"));
        Map<String, EventToRow.RowWrite> rows = Map.of(
                "ord-a", new EventToRow.RowWrite(5_000, 1),  // batch 0: visible at 1 s
                "ord-b", new EventToRow.RowWrite(5_002, 2)); // upgraded by batch 2: visible at 3 s
        EventToRow.Result r = EventToRow.measure(checkouts, sends, rows, batches(3));
        assertThat(r.histogram().getTotalCount()).isEqualTo(2);
        assertThat(r.upgraded()).isEqualTo(1);
        assertThat(r.missing()).isEmpty();
        assertThat(r.histogram().getMinValue()).isCloseTo(800_000, within(1_000L));
        assertThat(r.histogram().getMaxValue()).isCloseTo(2_800_000, within(3_000L));
    }

    @Test
    void percentilesOverManyCheckouts() {
        SendLog sends = new SendLog();
        sends.add(new SendLog.Chunk(0, 1_000, 0, 1));
        List<EventToRow.SentCheckout> checkouts = new ArrayList<>();
        Map<String, EventToRow.RowWrite> rows = new HashMap<>();
        for (int i = 0; i < 1_000; i++) { // latency 1..100 s, 10 checkouts per second
            checkouts.add(new EventToRow.SentCheckout(i, "ord-" + i));
            rows.put("ord-" + i, new EventToRow.RowWrite(5_000 + i / 10, 1));
        }
        EventToRow.Result r = EventToRow.measure(checkouts, sends, rows, batches(100));
        assertThat(r.percentileSeconds(50)).isCloseTo(50, within(0.1));
        assertThat(r.percentileSeconds(95)).isCloseTo(95, within(0.1));
        assertThat(r.percentileSeconds(99)).isCloseTo(99, within(0.1));
    }

    @Test
    void aCheckoutWithoutARowIsMissingAndARowOfNoKnownBatchFails() {
        SendLog sends = new SendLog();
        sends.add(new SendLog.Chunk(0, 2, 0, 1));
        List<EventToRow.SentCheckout> checkouts = List.of(new EventToRow.SentCheckout(0, "ord-a"),
                new EventToRow.SentCheckout(1, "ord-b"));
        EventToRow.Result r = EventToRow.measure(checkouts, sends, Map.of("ord-a", new EventToRow.RowWrite(5_000, 1)),
                batches(1));
        assertThat(r.missing()).containsExactly("ord-b");
        assertThat(Double.isNaN(EventToRow.measure(List.of(), sends, Map.of(), batches(1)).percentileSeconds(50))).isTrue();
        assertThatThrownBy(() -> EventToRow.measure(checkouts.subList(0, 1), sends,
                Map.of("ord-a", new EventToRow.RowWrite(4_999, 1)), batches(1)))
                .hasMessageContaining("by no batch the poller saw");
    }
}
