package com.clickstream.attribution.bench.b2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLogTest {

    @Test
    void readsProgressAndSinkTimesPerBatch() {
        List<String> lines = List.of(
                "26/11/26 01:17:02 INFO PostgresSink: batch 7 of b2/94791b97: 308 records in, 0 rejected, 0 late, "
                        + "0 duplicates -> 10 checkout rows (0 attributed, 10 unattributed), 10 items, 194 ms",
                "26/11/26 01:17:03 INFO MicroBatchExecution: Streaming query made progress: {",
                "  \"id\" : \"94791b97\",",
                "  \"batchId\" : 7,",
                "  \"numInputRows\" : 308,",
                "  \"durationMs\" : {",
                "    \"addBatch\" : 1932,",
                "    \"triggerExecution\" : 2285",
                "  },",
                "  \"sink\" : {",
                "    \"description\" : \"ForeachBatchSink\"",
                "  }",
                "}",
                "26/11/26 01:17:04 INFO MicroBatchExecution: Streaming query made progress: {",
                "  \"batchId\" : 8,",
                "  \"numInputRows\" : 0,",
                "  \"durationMs\" : { \"addBatch\" : 20, \"triggerExecution\" : 90 }",
                "}",
                "26/11/26 01:17:05 INFO MicroBatchExecution: Streaming query made progress: {",
                "  \"batchId\" : 9,");
        Map<Long, JobLog.Batch> batches = JobLog.parse(lines);
        assertThat(batches).containsOnlyKeys(7L, 8L);
        assertThat(batches.get(7L)).isEqualTo(new JobLog.Batch(7, 308, 2285, 1932, 194));
        assertThat(batches.get(8L)).isEqualTo(new JobLog.Batch(8, 0, 90, 20, -1));
    }
}
