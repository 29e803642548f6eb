package com.clickstream.attribution.rawlanding;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A measurement, not a test: records/s of the raw landing for ~100k generator records already in
 * kinesalite (4 shards per stream), landed into s3proxy with Firehose's default buffers. Run with
 * {@code -Dmeasure=true -Dit.test=RawLandingThroughputIT}. Prints the figures; asserts only counts.
 */
@EnabledIfSystemProperty(named = "measure", matches = "true")
class RawLandingThroughputIT {

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @Test
    void landHundredThousandRecords() throws Exception {
        LandingFixture f = new LandingFixture(KINESIS, S3, "measure", 4);
        long feedStart = System.nanoTime();
        f.feed(LandingFixture.traffic(21, 100_000));
        double feedSeconds = (System.nanoTime() - feedStart) / 1e9;
        RawLandingOptions options = f.options()
                .withBuffer(RawLandingOptions.defaults().bufferBytes(), RawLandingOptions.defaults().bufferInterval())
                .withPolling(Duration.ofMillis(200), Duration.ZERO, 10_000)
                .withQuietPeriod(Duration.ofSeconds(2));

        long t0 = System.nanoTime();
        LandingStats.Snapshot stats;
        try (RawLandingRunner runner = RawLandingRunner.create(options)) {
            stats = runner.drain();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double busy = seconds - options.quietPeriod().toSeconds();

        long r0 = System.nanoTime();
        long plainReads = f.streams.values().stream().mapToLong(stream -> KINESIS.readAll(stream).size()).sum();
        double readSeconds = (System.nanoTime() - r0) / 1e9;
        System.out.printf("MEASURE kinesalite alone: GetRecords of all %,d records, one thread, %.1f s = %,.0f records/s%n",
                plainReads, readSeconds, plainReads / readSeconds);
        assertThat(stats.recordsRead()).isEqualTo(f.fed);
        assertThat(stats.eventsLanded() + stats.recordsRejected()).isEqualTo(f.fed);
        System.out.printf("MEASURE raw-landing: %,d records (fed in %.1f s), landed in %.1f s incl. the %d s quiet period"
                        + " = %,.0f records/s; without it %,.0f records/s; %s%n",
                f.fed, feedSeconds, seconds, options.quietPeriod().toSeconds(), f.fed / seconds, f.fed / busy, stats);
    }
}
