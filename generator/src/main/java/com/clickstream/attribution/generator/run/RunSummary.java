package com.clickstream.attribution.generator.run;

import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.generator.sink.SinkStats;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.RecordKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** What a generator run produced and delivered: counts by kind and reject reason, plus the sink's totals. */
public final class RunSummary {

    private final Map<RecordKind, Long> byKind = new EnumMap<>(RecordKind.class);
    private final Map<String, Long> malformedByReason = new TreeMap<>();
    private long records;
    private long bytes;
    private long late;
    private long outOfOrder;
    private SinkStats sink = SinkStats.EMPTY;
    private Duration elapsed = Duration.ZERO;

    void count(GeneratedRecord r) {
        records++;
        bytes += r.record().payload().length;
        byKind.merge(r.kind(), 1L, Long::sum);
        if (r.late()) {
            late++;
        }
        if (r.outOfOrder()) {
            outOfOrder++;
        }
        if (r.rejectReason() != null) {
            malformedByReason.merge(r.rejectReason().code(), 1L, Long::sum);
        }
    }

    void finish(SinkStats stats, Duration took) {
        this.sink = stats;
        this.elapsed = took;
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }

    public long count(RecordKind kind) {
        return byKind.getOrDefault(kind, 0L);
    }

    public long late() {
        return late;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public Map<String, Long> malformedByReason() {
        return Map.copyOf(malformedByReason);
    }

    public long malformed(RejectReason reason) {
        return malformedByReason.getOrDefault(reason.code(), 0L);
    }

    public SinkStats sink() {
        return sink;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : records / seconds;
    }

    /** Human-readable multi-line report. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("records   %,d (%,d bytes) in %.1f s = %,.0f records/s%n",
                records, bytes, elapsed.toMillis() / 1000.0, recordsPerSecond()));
        s.append(String.format("by kind   clicks %,d | checkouts %,d | duplicates %,d | malformed %,d%n",
                count(RecordKind.CLICK), count(RecordKind.CHECKOUT), count(RecordKind.DUPLICATE),
                count(RecordKind.MALFORMED)));
        s.append(String.format("delivery  late %,d | out of order %,d%n", late, outOfOrder));
        if (!malformedByReason.isEmpty()) {
            s.append("malformed ");
            malformedByReason.forEach((reason, n) -> s.append(reason).append('=').append(n).append(' '));
            s.append(System.lineSeparator());
        }
        s.append(String.format("sink      sent %,d | retried %,d | failed %,d | calls %,d%n",
                sink.sent(), sink.retried(), sink.failed(), sink.calls()));
        return s.toString();
    }
}
