package com.clickstream.attribution.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.launch.ReconciliationScheduler;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Mode {@code schedule}: the application stays up and runs the default reconciliation on the cron. */
class ReconciliationSchedulerIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.sharedMigratedWith("ecommerce", DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    Path workDir;

    @Test
    void runsTheDefaultRangeOnTheCron() throws Exception {
        // given: a scheduler ticking every 2 seconds (the default is 02:30 UTC daily)
        RawBucket.emptied(S3.s3Client(), "raw-scheduled");
        try (ReconcilerHarness reconciler = ReconcilerHarness.start(POSTGRES, S3, "raw-scheduled", workDir,
                Map.of("reconciler.mode", "schedule", "reconciler.schedule.cron", "*/2 * * * * *",
                        "reconciler.workers", "1"))) {
            assertThat(reconciler.bean(ReconciliationScheduler.class)).isNotNull();

            // when: a tick has run
            List<Map<String, Object>> runs = List.of();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (runs.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                runs = reconciler.jdbc().queryForList("SELECT range_from, range_to, status FROM "
                        + "ecommerce.reconciliation_runs WHERE status = 'completed'");
            }

            // then: it reconciled the last 3 days up to the last full hour
            assertThat(runs).isNotEmpty();
            Instant to = ((Timestamp) runs.get(0).get("range_to")).toInstant();
            Instant from = ((Timestamp) runs.get(0).get("range_from")).toInstant();
            assertThat(to).isEqualTo(to.truncatedTo(ChronoUnit.HOURS));
            assertThat(Duration.between(to, Instant.now())).isLessThan(Duration.ofHours(1).plusMinutes(1));
            assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(3));
        }
    }
}
