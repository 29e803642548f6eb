package com.clickstream.attribution.bench.b2;

import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The records both variants send, generated once: clean generator traffic (no duplicates, late,
 * out-of-order or malformed records, so every record must be counted and every checkout must get a
 * row) in arrival order, one line per record: {@code stream TAB partition key TAB JSON}. Event times
 * start an hour before generation and advance more slowly than the wall clock at low rates and faster
 * at high ones (the generator starts at most one session per millisecond of event time, about 1,300
 * events/s); they only need to stay in the past and to increase, so that nothing is rejected as from
 * the future or dropped behind the watermark. Latency is measured from the send time, not the event time.
 */
final class WireData {

    /** Users in the generated population: the generator's default density (2,000 users at 20 events/s). */
    static final int USERS = 200_000;
    static final long SEED = 42L;

    private final Path file;
    private final long records;
    private final List<EventToRow.SentCheckout> checkouts;

    private WireData(Path file, long records, List<EventToRow.SentCheckout> checkouts) {
        this.file = file;
        this.records = records;
        this.checkouts = checkouts;
    }

    static WireData generate(Path file, long records) throws IOException {
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return generate(file, clean(start, Duration.ofHours(1), records, 2_300));
    }

    /** Clean traffic of {@link #USERS} users: no duplicates, late, out-of-order or malformed records. */
    static GeneratorConfig clean(Instant start, Duration span, long maxRecords, double eventsPerSecond) {
        GeneratorConfig base = GeneratorConfig.defaults(start).clean();
        return new GeneratorConfig(SEED, USERS, start, span, maxRecords, eventsPerSecond,
                0, 0, base.lateDelayMin(), base.lateDelayMax(), 0, base.outOfOrderMaxDelay(), 0,
                base.noClickBuyerFraction(), base.clickAfterCheckoutFraction());
    }

    /** Writes the records of {@code config} (clean traffic); all of them when it sets no record limit. */
    static WireData generate(Path file, GeneratorConfig config) throws IOException {
        long records = config.maxEvents();
        List<EventToRow.SentCheckout> checkouts = new ArrayList<>();
        long n = 0;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            TrafficGenerator generator = new TrafficGenerator(config);
            while (generator.hasNext()) {
                GeneratedRecord r = generator.next();
                String json = new String(r.record().payload(), StandardCharsets.UTF_8);
                if (json.indexOf('\t') >= 0 || json.indexOf('\n') >= 0) {
                    throw new IllegalStateException("a generated record holds a tab or newline: " + json);
                }
                if (r.kind() == RecordKind.CHECKOUT) {
                    checkouts.add(new EventToRow.SentCheckout(n, r.eventId()));
                } else if (r.kind() != RecordKind.CLICK) {
                    throw new IllegalStateException("clean traffic produced a " + r.kind() + " record");
                }
                out.write(r.record().stream() + '\t' + r.record().partitionKey() + '\t' + json + '\n');
                n++;
            }
        }
        if (records > 0 && n != records) {
            throw new IllegalStateException("the generator produced " + n + " records, " + records + " needed");
        }
        return new WireData(file, n, checkouts);
    }

    Path file() {
        return file;
    }

    long records() {
        return records;
    }

    /** Checkouts among records {@code [from, to)}. */
    List<EventToRow.SentCheckout> checkoutsIn(long from, long to) {
        return checkouts.stream().filter(c -> c.index() >= from && c.index() < to).toList();
    }

    /** Reads the records in order. */
    Reader open() throws IOException {
        return new Reader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }

    /** A sequential reader of the data set, as Kinesis records. */
    static final class Reader implements AutoCloseable {
        private final BufferedReader in;

        private Reader(BufferedReader in) {
            this.in = in;
        }

        List<OutboundRecord> next(long count) throws IOException {
            List<OutboundRecord> out = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("the data set ran out after " + i + " of " + count + " records");
                }
                String[] p = line.split("\t", 3);
                out.add(new OutboundRecord(p[0], p[1], p[2].getBytes(StandardCharsets.UTF_8)));
            }
            return out;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
