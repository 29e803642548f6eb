package com.clickstream.attribution.reconciler.raw;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging decodes objects in parallel but writes the spill files in listing order, whatever the thread count. */
class RawEventStagerTest {

    @TempDir
    Path dir;

    @Test
    void spillFilesAreTheSameWithOneOrManyDecodeThreadsAndABadObjectIsSkipped() throws Exception {
        Path bucket = dir.resolve("bucket");
        Instant hour = Instant.parse("2024-03-01T10:00:00Z");
        List<SpecificRecord> clicks = new ArrayList<>();
        for (int object = 0; object < 12; object++) {
            List<SpecificRecord> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                events.add(click("k-" + object + "-" + i, "u" + (i % 7), hour.plusSeconds(object * 60L + i), "google"));
            }
            clicks.addAll(events);
            write(bucket, EventType.CLICK, hour.plusSeconds(object * 300L), "part-" + object, events);
        }
        write(bucket, EventType.CHECKOUT, hour, "part-0",
                List.of(checkout("o1", "u1", hour.plusSeconds(900), "12.50")));
        Path corrupt = bucket.resolve(RawLayout.objectKey(EventType.CLICK, hour, "part-corrupt"));
        Files.write(corrupt, "not parquet".getBytes());

        ReconciliationParameters parameters = ReconciliationParameters.of("2024-03-01T00:00:00Z",
                "2024-03-02T00:00:00Z", "1h", "3d", "5m", 4L);
        Instant until = Instant.parse("2024-03-02T00:00:00Z");
        StageResult one = new RawEventStager(new FileRawEventSource(bucket), 1)
                .stage(parameters, until, dir.resolve("one"), row -> { });
        StageResult three = new RawEventStager(new FileRawEventSource(bucket), 3)
                .stage(parameters, until, dir.resolve("three"), row -> { });

        assertThat(one.eventsRead()).isEqualTo(clicks.size() + 1);
        assertThat(one.objectsListed()).isEqualTo(14);
        assertThat(one.objectsRead()).isEqualTo(13);
        assertThat(one.skips()).singleElement().satisfies(skip -> assertThat(skip.key()).endsWith("part-corrupt.parquet"));
        assertThat(three).isEqualTo(one);
        for (int b = 0; b < 4; b++) {
            assertThat(Files.readAllBytes(BucketSpill.file(dir.resolve("three"), b)))
                    .isEqualTo(Files.readAllBytes(BucketSpill.file(dir.resolve("one"), b)));
        }
    }

    private static void write(Path bucket, EventType type, Instant arrival, String name, List<SpecificRecord> events)
            throws Exception {
        Path file = bucket.resolve(RawLayout.objectKey(type, arrival, name));
        Files.createDirectories(file.getParent());
        Files.write(file, new RawParquetWriter(type).write(events));
    }
}
