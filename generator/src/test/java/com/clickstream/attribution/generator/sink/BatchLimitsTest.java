package com.clickstream.attribution.generator.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchLimitsTest {

    @Test
    void splitsByRecordCountKeepingOrder() {
        List<Integer> items = IntStream.range(0, 1201).boxed().toList();

        List<List<Integer>> chunks = BatchLimits.KINESIS_PUT_RECORDS.split(items, i -> 300);

        assertThat(chunks).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(items);
    }

    @Test
    void splitsByBytesPerCall() {
        BatchLimits limits = new BatchLimits(500, 1000, 400);
        List<Integer> sizes = List.of(400, 400, 200, 1, 400, 300, 300);

        List<List<Integer>> chunks = limits.split(sizes, i -> i);

        // 400+400+200 = 1000 fits exactly; the 1 would make 1001.
        assertThat(chunks).containsExactly(List.of(400, 400, 200), List.of(1, 400, 300), List.of(300));
    }

    @Test
    void kinesisAndFirehoseLimitsAreTheServiceQuotas() {
        assertThat(BatchLimits.KINESIS_PUT_RECORDS).isEqualTo(new BatchLimits(500, 5_242_880, 1_048_576));
        assertThat(BatchLimits.FIREHOSE_PUT_RECORD_BATCH).isEqualTo(new BatchLimits(500, 4_194_304, 1_024_000));
    }

    @Test
    void aRecordOverThePerRecordLimitIsRefused() {
        assertThatThrownBy(() -> BatchLimits.FIREHOSE_PUT_RECORD_BATCH.split(List.of(1), i -> 1_024_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024001");
    }

    @Test
    void nothingGivesNoChunks() {
        assertThat(BatchLimits.KINESIS_PUT_RECORDS.split(Collections.<Integer>emptyList(), i -> 1)).isEmpty();
    }
}
