package com.clickstream.attribution.bench.b1;

import com.clickstream.attribution.bench.harness.Dirs;
import com.clickstream.attribution.bench.harness.Progress;
import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A raw history for B1: generator traffic (fixed seed; the generator's default late, duplicate and
 * out-of-order faults; ~50 events per user) validated with attribution-core's parser and landed as
 * Snappy Parquet in raw-store's layout, by arrival hour, at most {@value #ROWS_PER_OBJECT} rows per
 * object — what Firehose would have written. Files live at {@code <root>/<bucket>/<raw key>}, which is
 * also how s3proxy's filesystem backend stores a bucket, so DuckDB and the reconciler (through s3proxy)
 * read the same bytes. A dataset is reused when its manifest says it was built with the same settings.
 *
 * @param root        the directory holding the bucket folder and {@code dataset.json}
 * @param bucket      the bucket name (folder under root)
 * @param events      events landed (valid records, copies included)
 * @param checkouts   checkout records landed (copies included)
 * @param objects     Parquet objects written
 * @param bytes       their total size
 * @param from        first UTC midnight at or before the earliest event (the recompute range start)
 * @param to          the UTC midnight after the latest event (range end, exclusive)
 */
public record RawDataset(Path root, String bucket, long seed, long requested, long events, long checkouts,
        int objects, long bytes, Instant from, Instant to) {

    public static final String BUCKET = "raw-bench";
    static final int ROWS_PER_OBJECT = 25_000;
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The folder of the bucket: {@code raw/<type>/dt=…/hour=…/*.parquet} below it. */
    public Path bucketDir() {
        return root.resolve(bucket);
    }

    /** A glob of one event type's files (DuckDB's read_parquet). */
    public String glob(EventType type) {
        return bucketDir().resolve(RawLayout.typePrefix(type)).toAbsolutePath() + "/*/*/*" + RawLayout.PARQUET_SUFFIX;
    }

    /** {@code <root> <events> <seed>}: builds a dataset alone (to look at it, or to profile an engine on it). */
    public static void main(String[] args) throws IOException {
        build(Path.of(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2]), new Progress());
    }

    /** Builds (or reuses) the dataset of {@code requested} generated records with {@code seed} under {@code root}. */
    public static RawDataset build(Path root, long requested, long seed, Progress progress) throws IOException {
        Path manifest = root.resolve("dataset.json");
        if (Files.exists(manifest)) {
            RawDataset existing = JSON.readValue(manifest.toFile(), RawDataset.class);
            if (existing.requested() == requested && existing.seed() == seed && Files.isDirectory(existing.bucketDir())) {
                progress.say("reusing dataset %s (%,d events, %,d objects)", root, existing.events(), existing.objects());
                return existing.withRoot(root);
            }
        }
        Dirs.deleteRecursively(root);
        Files.createDirectories(root);
        GeneratorConfig config = config(requested, seed);
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT.withRetention(Duration.ofDays(36_500)),
                Clock.fixed(config.end().plus(Duration.ofHours(3)), ZoneOffset.UTC));
        Lander lander = new Lander(root.resolve(BUCKET));
        TrafficGenerator generator = new TrafficGenerator(config);
        long generated = 0;
        long events = 0;
        long checkouts = 0;
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        long started = System.nanoTime();
        while (generator.hasNext()) {
            GeneratedRecord record = generator.next();
            if (++generated % 1_000_000 == 0) {
                progress.say("dataset: %,d records generated, %,d landed (%.0f s)", generated, events,
                        (System.nanoTime() - started) / 1e9);
            }
            if (parser.parse(record.record().payload()) instanceof ParseResult.Valid valid) {
                SpecificRecord event = valid.event();
                lander.land(event, record.arrivalTime());
                events++;
                if (!(event instanceof Click)) {
                    checkouts++;
                }
                long ts = record.eventTime().toEpochMilli();
                minTs = Math.min(minTs, ts);
                maxTs = Math.max(maxTs, ts);
            }
        }
        lander.flush();
        Instant from = Instant.ofEpochMilli(minTs).truncatedTo(ChronoUnit.DAYS);
        Instant to = Instant.ofEpochMilli(maxTs).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        RawDataset dataset = new RawDataset(root, BUCKET, seed, requested, events, checkouts, lander.objects,
                lander.bytes, from, to);
        JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), dataset);
        progress.say("dataset: %,d events (%,d checkouts) in %,d objects, %,d MB, built in %.0f s", events, checkouts,
                lander.objects, lander.bytes >> 20, (System.nanoTime() - started) / 1e9);
        return dataset;
    }

    /** Reads the manifest of a built dataset. */
    public static RawDataset open(Path root) throws IOException {
        return JSON.readValue(root.resolve("dataset.json").toFile(), RawDataset.class).withRoot(root);
    }

    private RawDataset withRoot(Path newRoot) {
        return new RawDataset(newRoot, bucket, seed, requested, events, checkouts, objects, bytes, from, to);
    }

    /** ReconcilerBench's traffic: 200 events/s of event time, users = events / 50, default faults. */
    static GeneratorConfig config(long events, long seed) {
        double rate = 200.0;
        Duration span = Duration.ofSeconds((long) (events * 1.3 / rate)); // maxEvents caps first
        int users = (int) Math.max(2_000, events / 50);
        return new GeneratorConfig(seed, users, START, span, events, rate, 0.01, 0.02, Duration.ofMinutes(10),
                Duration.ofHours(2), 0.05, Duration.ofSeconds(30), 0.0, 0.03, 0.2);
    }

    /** Buffers events per arrival-hour partition and writes an object every ROWS_PER_OBJECT rows. */
    private static final class Lander {
        private final Path bucketDir;
        private final Map<String, List<SpecificRecord>> buffers = new HashMap<>();
        private final Map<String, Instant> arrivals = new HashMap<>();
        int objects;
        long bytes;

        Lander(Path bucketDir) {
            this.bucketDir = bucketDir;
        }

        void land(SpecificRecord event, Instant arrival) throws IOException {
            EventType type = event instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
            String prefix = RawPartition.of(type, arrival).prefix();
            List<SpecificRecord> buffer = buffers.computeIfAbsent(prefix, p -> new ArrayList<>());
            arrivals.putIfAbsent(prefix, arrival);
            buffer.add(event);
            if (buffer.size() >= ROWS_PER_OBJECT) {
                write(prefix, type);
            }
        }

        void flush() throws IOException {
            for (String prefix : List.copyOf(buffers.keySet())) {
                List<SpecificRecord> buffer = buffers.get(prefix);
                if (!buffer.isEmpty()) {
                    write(prefix, buffer.get(0) instanceof Click ? EventType.CLICK : EventType.CHECKOUT);
                }
            }
        }

        private void write(String prefix, EventType type) throws IOException {
            List<SpecificRecord> buffer = buffers.get(prefix);
            byte[] file = new RawParquetWriter(type).write(buffer);
            String key = RawLayout.objectKey(type, arrivals.get(prefix), String.format("bench-%06d", objects++));
            Path path = bucketDir.resolve(key);
            Files.createDirectories(path.getParent());
            Files.write(path, file);
            bytes += file.length;
            buffer.clear();
        }
    }
}
