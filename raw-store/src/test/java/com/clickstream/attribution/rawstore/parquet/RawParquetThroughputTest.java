package com.clickstream.attribution.rawstore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test: rows/s of RawParquetWriter and RawParquetReader for 1M events of each
 * type, to a local file. Run with {@code -Dmeasure=true -Dtest=RawParquetThroughputTest}. Prints the
 * figures; asserts only the row counts.
 */
@EnabledIfSystemProperty(named = "measure", matches = "true")
class RawParquetThroughputTest {

    private static final int ROWS = 1_000_000;

    @Test
    void clicks(@TempDir Path dir) throws Exception {
        List<Click> sample = SampleEvents.clicks();
        measure(EventType.CLICK, dir, i -> {
            Click c = sample.get(i % sample.size());
            return Click.newBuilder(c).setEventId("c-" + i).setEventTs(c.getEventTs().plusMillis(i)).build();
        });
    }

    @Test
    void checkouts(@TempDir Path dir) throws Exception {
        List<Checkout> sample = SampleEvents.checkouts();
        measure(EventType.CHECKOUT, dir, i -> {
            Checkout c = sample.get(i % sample.size());
            return Checkout.newBuilder(c).setEventId("o-" + i).setEventTs(c.getEventTs().plusMillis(i)).build();
        });
    }

    private static void measure(EventType type, Path dir, IntFunction<SpecificRecord> event) throws Exception {
        Path file = dir.resolve(type.wireName() + ".parquet");
        Iterable<SpecificRecord> events = () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < ROWS;
            }

            @Override
            public SpecificRecord next() {
                return event.apply(i++);
            }
        };
        // warm-up on a small file so JIT and codec set-up are not in the figure
        new RawParquetWriter(type).write(List.of(event.apply(0)));

        long b0 = System.nanoTime();
        long built = 0;
        for (SpecificRecord e : events) {
            built += e.hashCode() & 1;
        }
        long buildNanos = System.nanoTime() - b0;

        long t0 = System.nanoTime();
        long written = new RawParquetWriter(type).write(events, new LocalOutputFile(file));
        long t1 = System.nanoTime();
        AtomicLong read = new AtomicLong();
        RawParquetReader.forType(type).read(new LocalInputFile(file), e -> read.incrementAndGet(),
                r -> { throw new AssertionError(r.toString()); });
        long t2 = System.nanoTime();

        assertThat(written).isEqualTo(ROWS);
        assertThat(read.get()).isEqualTo(ROWS);
        double writeSeconds = (t1 - t0 - buildNanos) / 1e9;
        System.out.printf("MEASURE raw-store %s: %,d rows, file %,d bytes; building the events alone %.2f s (%d);"
                        + " write %.2f s = %,.0f rows/s (building excluded); read %.2f s = %,.0f rows/s (to %s objects)%n",
                type.wireName(), ROWS, Files.size(file), buildNanos / 1e9, built, writeSeconds, ROWS / writeSeconds,
                (t2 - t1) / 1e9, ROWS / ((t2 - t1) / 1e9), type.schema().getName());
    }
}
