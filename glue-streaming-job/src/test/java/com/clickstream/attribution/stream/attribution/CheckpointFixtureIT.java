package com.clickstream.attribution.stream.attribution;

import static com.clickstream.attribution.stream.TestEvents.checkout;
import static com.clickstream.attribution.stream.TestEvents.click;
import static com.clickstream.attribution.stream.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.stream.MemoryHarness;
import com.clickstream.attribution.stream.SparkTestBase;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.WorkDir;
import com.clickstream.attribution.stream.job.JobArguments;
import com.clickstream.attribution.stream.sink.DatabaseSettings;
import com.clickstream.attribution.stream.sink.PostgresBatchWriter;
import com.clickstream.attribution.stream.sink.PostgresSink;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A checkpoint written by a release, committed under {@value #FIXTURE}, must keep working: the job
 * restarts from it (its per-user state, its watermark) and gives the answers and counters the state
 * implies. The fixture of state format 1 was written by {@link #writeTheFixture} (run it with
 * {@code -Dstate.fixture.write=true} to rewrite it, only when a release deliberately breaks the
 * format, see docs/streaming.md, "State format").
 *
 * <p>What the fixture's run read (times from {@link #B}, W = 1h, lateness 5m), in two batches:
 * clicks k-1 (u1, 58m, google), k-9 (u9, 60m, affiliate), k-x (u3, 61m); checkouts o-1 (u1, 60m,
 * credited k-1), o-2 (u2, 61m, unattributed), then o-3 (u3, 62m, credited k-x). Its state holds
 * those, and its watermark is min(61m, 62m) - 5m = 56m.
 */
class CheckpointFixtureIT extends SparkTestBase {

    static final String FIXTURE = "checkpoints/state-format-1";
    /** Fixed event times, so the fixture never changes; the job's retention is widened to accept them. */
    static final Instant B = Instant.parse("2026-12-07T10:00:00Z");
    /** MemoryStream batches the fixture's run read. */
    static final int FIXTURE_SOURCE_BATCHES = 2;

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    final WorkDir work = new WorkDir();

    private static Instant m(long minutes) {
        return B.plus(Duration.ofMinutes(minutes));
    }

    private static JobArguments arguments(Path checkpoint) {
        return MemoryHarness.arguments(checkpoint, Map.of(JobArguments.ALLOWED_LATENESS, "5m",
                JobArguments.TRIGGER_INTERVAL, "500ms", JobArguments.EVENT_RETENTION, "3650d",
                JobArguments.QUERY_NAME, "fixture"));
    }

    @Test
    void theJobRestartsFromTheCommittedCheckpointWithItsStateAndWatermark() throws Exception {
        POSTGRES.truncateAll("ecommerce");
        Path checkpoint = work.path().resolve("checkpoint");
        copy(Path.of(getClass().getClassLoader().getResource(FIXTURE).toURI()), checkpoint);
        StoredRows stored = new StoredRows(POSTGRES.dataSource());
        JobArguments args = arguments(checkpoint);
        try (MemoryHarness harness = MemoryHarness.start(spark(), args, sink(args), FIXTURE_SOURCE_BATCHES)) {
            harness.send(
                    json(click("k-2", "u2", m(58), "facebook")),   // o-2 (in state, unattributed) gets it
                    json(click("k-0", "u1", m(57), "email")),      // earlier than o-1's k-1 (in state): wins
                    json(checkout("o-4", "u9", m(63), "9.00")),    // credited to k-9, a click in state
                    json(click("k-9", "u9", m(60), "affiliate")),  // a copy of k-9: a duplicate, changes nothing
                    json(click("k-late", "u1", m(56), "google"))); // at the restored watermark (56m): late

            Map<String, StoredRows.Checkout> rows = stored.checkouts();
            assertThat(rows).containsOnlyKeys("o-1", "o-2", "o-4");
            assertThat(rows.get("o-1").clickId()).isEqualTo("k-0");
            assertThat(rows.get("o-2").clickId()).isEqualTo("k-2");
            assertThat(rows.get("o-2").trafficSource()).isEqualTo("facebook");
            assertThat(rows.get("o-4").clickId()).isEqualTo("k-9");
            assertThat(rows.get("o-4").trafficSource()).isEqualTo("affiliate");
            StoredRows.Metrics metrics = stored.metrics();
            assertThat(metrics.eventsIn()).isEqualTo(5);
            assertThat(metrics.lateDropped()).isEqualTo(1);
            assertThat(metrics.rejected()).isZero();
            assertThat(metrics.attributed()).isEqualTo(3);
            assertThat(stored.progressKeys()).singleElement().asString().startsWith("fixture/");
        }
    }

    /** Writes the fixture (not a test: off unless {@code -Dstate.fixture.write=true}). */
    @Test
    @EnabledIfSystemProperty(named = "state.fixture.write", matches = "true")
    void writeTheFixture() throws Exception {
        POSTGRES.truncateAll("ecommerce");
        Path target = Path.of("src/test/resources").resolve(FIXTURE);
        Path checkpoint = work.path().resolve("checkpoint");
        JobArguments args = arguments(checkpoint);
        try (MemoryHarness harness = MemoryHarness.start(spark(), args, sink(args))) {
            harness.send(json(click("k-1", "u1", m(58), "google")), json(click("k-9", "u9", m(60), "affiliate")),
                    json(checkout("o-1", "u1", m(60), "10.00")), json(checkout("o-2", "u2", m(61), "20.00")),
                    json(click("k-x", "u3", m(61), "direct")));
            harness.send(json(checkout("o-3", "u3", m(62), "30.00")));
        }
        StoredRows stored = new StoredRows(POSTGRES.dataSource());
        assertThat(stored.checkout("o-1").clickId()).isEqualTo("k-1");
        assertThat(stored.checkout("o-2").attributed()).isFalse();
        assertThat(stored.checkout("o-3").clickId()).isEqualTo("k-x");
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        copy(checkpoint, target);
    }

    private static PostgresSink sink(JobArguments args) {
        return new PostgresSink(args.queryName(),
                new PostgresBatchWriter(new DatabaseSettings(POSTGRES.jdbcUrl(), POSTGRES.user(), null)));
    }

    /** Copies a checkpoint folder, leaving out Hadoop's .crc side files (Spark does not need them). */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(dest);
                } else if (!f.getFileName().toString().endsWith(".crc")) {
                    Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
