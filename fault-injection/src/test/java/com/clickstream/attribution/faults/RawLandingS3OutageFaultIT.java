package com.clickstream.attribution.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.faults.RawLandingTraffic.StreamRecord;
import com.clickstream.attribution.rawlanding.LandingStats;
import com.clickstream.attribution.rawlanding.RawLandingRunner;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3 server goes away while the raw landing is writing: s3proxy (objects on disk) stopped after
 * the landing has written some objects, traffic keeps arriving in Kinesis meanwhile, and once the
 * landing has failed and retried {@value #RETRIES_WHILE_DOWN} S3 calls s3proxy is started again on
 * the same port. The landing (in this JVM, its own clients) retries every failed
 * write with backoff and carries on by itself: every record lands exactly once, valid ones as Parquet in
 * raw/, malformed ones with their reason in raw-errors/.
 */
@Tag("fault")
class RawLandingS3OutageFaultIT {

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inDirectory(
            ScratchDirs.emptied("target/fault-s3/raw-landing-outage"));

    /** The outage lasts until the landing has retried this many failed S3 calls. */
    static final int RETRIES_WHILE_DOWN = 3;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    @Test
    void theLandingRetriesThroughAnS3OutageAndLandsEveryRecordExactlyOnce() throws Exception {
        FaultLog log = FaultLog.start("raw landing, S3 stopped mid-landing");
        long seed = new Random().nextLong();
        log.note("seed %d", seed);
        RawLandingTraffic traffic = new RawLandingTraffic(KINESIS, S3, "landing-outage", 2);
        traffic.feed(seed, 4_000);

        LandingStats.Snapshot stats;
        try (RawLandingRunner landing = RawLandingRunner.create(traffic.options(MAX_BACKOFF))) {
            landing.start();
            waitFor("the landing to write 5 raw objects", Duration.ofSeconds(60),
                    () -> landing.stats().objectsWritten() >= 5);

            // when: S3 goes away mid-landing while records keep arriving
            LandingStats.Snapshot before = landing.stats();
            S3.stopServer();
            long stoppedAt = System.nanoTime();
            log.injected("s3proxy %s stopped after %,d of %,d records read, %,d raw + %,d error objects written",
                    S3.endpoint(), before.recordsRead(), traffic.sent(), before.objectsWritten(), before.errorObjectsWritten());
            long fedDuringOutage = traffic.feed(seed + 1, 2_000);
            // down until the landing has failed and retried a few writes (backoff capped at MAX_BACKOFF)
            waitFor(RETRIES_WHILE_DOWN + " failed S3 calls to be retried while s3proxy is down", Duration.ofSeconds(60),
                    () -> landing.stats().retries() >= before.retries() + RETRIES_WHILE_DOWN);
            LandingStats.Snapshot during = landing.stats();
            S3.restartServer();
            double down = (System.nanoTime() - stoppedAt) / 1e9;
            log.injected("s3proxy restarted on the same port after %.1f s; %,d records fed meanwhile; "
                            + "%,d failed S3 calls retried while down; objects written while down: %,d",
                    down, fedDuringOutage, during.retries() - before.retries(),
                    during.objectsWritten() - before.objectsWritten());
            assertThat(during.retries()).as("failed S3 calls retried during the outage").isGreaterThan(before.retries());
            long fedAfter = traffic.feed(seed + 2, 2_000);
            log.note("%,d more records fed after the restart; %,d in total", fedAfter, traffic.sent());

            long resumed = System.nanoTime();
            waitFor("every record fed to be landed or rejected", Duration.ofSeconds(90), () -> {
                LandingStats.Snapshot s = landing.stats();
                return s.eventsLanded() + s.recordsRejected() >= traffic.sent();
            });
            log.note("caught up %.1f s after the restart", (System.nanoTime() - resumed) / 1e9);
            landing.stop();
            stats = landing.stats();
        }

        // then: every valid record landed once in its arrival hour, every malformed one has its error line
        List<StreamRecord> records = traffic.streamRecords();
        List<String> expectedLandings = records.stream().filter(r -> !r.malformed()).map(StreamRecord::landing)
                .sorted().toList();
        List<String> expectedErrors = records.stream().filter(StreamRecord::malformed).map(StreamRecord::error)
                .sorted().toList();
        List<String> landed = traffic.landedEvents().stream().sorted().toList();
        List<String> errors = traffic.errorLines().stream().sorted().toList();
        assertThat(landed).containsExactlyElementsOf(expectedLandings);
        assertThat(errors).containsExactlyElementsOf(expectedErrors);
        long distinctIds = expectedLandings.stream().map(l -> l.split("\\|")[1]).distinct().count();
        long reasons = expectedErrors.stream().map(e -> e.split("\\|")[2]).distinct().count();
        log.verified("%,d valid records (%,d distinct event ids, the rest generator duplicates) read back from %,d "
                        + "Parquet objects: each exactly as often as sent, in its arrival-hour partition; 0 lost, 0 extra",
                landed.size(), distinctIds, traffic.objectCount(RawLayout.RAW_PREFIX));
        log.verified("%,d malformed records in %,d error objects, each once with its generator reason (%d distinct "
                        + "codes), stream, sequence number and bytes; 0 lost, 0 extra",
                errors.size(), traffic.objectCount(RawLayout.ERRORS_PREFIX), reasons);

        // and the counts add up
        assertThat(stats.recordsRead()).isEqualTo(traffic.sent()).isEqualTo(records.size());
        assertThat(stats.recordsRead()).isEqualTo(stats.eventsLanded() + stats.recordsRejected());
        assertThat(stats.eventsLanded()).isEqualTo(expectedLandings.size());
        assertThat(stats.recordsRejected()).isEqualTo(expectedErrors.size());
        assertThat(stats.retries()).isPositive();
        log.verified("LandingStats: %,d records read = %,d landed + %,d rejected = %,d sent; %,d S3 calls retried",
                stats.recordsRead(), stats.eventsLanded(), stats.recordsRejected(), traffic.sent(), stats.retries());
        log.note("reasons seen: %s", expectedErrors.stream().map(e -> e.split("\\|")[2])
                .collect(Collectors.groupingBy(r -> r, java.util.TreeMap::new, Collectors.counting())));
        log.done();
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
