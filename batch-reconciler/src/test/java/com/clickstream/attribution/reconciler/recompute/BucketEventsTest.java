package com.clickstream.attribution.reconciler.recompute;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.reconciler.raw.BucketSpill;
import com.clickstream.attribution.reconciler.raw.UserBuckets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spill files round-trip the contract events; a bucket deduplicates by event_id and groups by user. */
class BucketEventsTest {

    @TempDir
    Path dir;

    static Instant at(String hhmm) {
        return Instant.parse("2024-03-01T" + hhmm + ":00Z");
    }

    @Test
    void identicalCopiesCountOnceDifferingCopiesAreAllKeptForTheRuleToChoose() {
        Click k1 = click("k1", "u1", at("11:20"), "google");
        Click k1Later = Click.newBuilder(k1).setEventTs(at("11:25")).build();
        try (BucketSpill.Writer spill = new BucketSpill.Writer(dir, 1)) {
            spill.click(k1Later, at("11:00"));
            spill.click(k1, at("14:00"));
            spill.click(click("k2", "u1", at("11:10"), "email"), at("11:00"));
            spill.checkout(checkout("o1", "u1", at("12:00"), "5.00"), at("12:00"));
            spill.checkout(checkout("o1", "u1", at("12:00"), "5.00"), at("13:00"));
            spill.click(click("k3", "u0", at("09:00"), "direct"), at("09:00"));
        }

        BucketEvents bucket = BucketEvents.load(BucketSpill.file(dir, 0));

        assertThat(bucket.records()).isEqualTo(6);
        assertThat(bucket.duplicates()).isEqualTo(2);
        assertThat(bucket.users()).extracting(UserEvents::userId).containsExactly("u0", "u1");
        UserEvents u1 = bucket.users().get(1);
        assertThat(u1.clicks()).extracting(t -> t.event().getEventId()).containsExactly("k2", "k1", "k1");
        Tracked<Click> k1First = u1.clicks().get(1);
        assertThat(k1First.event().getEventTs()).isEqualTo(at("11:20"));
        assertThat(k1First.arrivalHour()).isEqualTo(at("14:00"));
        assertThat(k1First.copies()).isEqualTo(2);
        assertThat(u1.clicks().get(2).arrivalHour()).isEqualTo(at("11:00"));
        assertThat(u1.checkouts()).singleElement().satisfies(c -> {
            assertThat(c.copies()).isEqualTo(2);
            assertThat(c.arrivalHour()).isEqualTo(at("12:00"));
            assertThat(c.event().getTotalAmount()).isEqualByComparingTo("5.00");
        });
        assertThat(bucket.users().get(0).checkouts()).isEmpty();
    }

    @Test
    void everyEventOfAUserLandsInTheSameBucket() {
        try (BucketSpill.Writer spill = new BucketSpill.Writer(dir, 4)) {
            for (int i = 0; i < 40; i++) {
                spill.click(click("k" + i, "user-" + (i % 7), at("10:00").plusSeconds(i), "google"), at("10:00"));
            }
        }
        int users = 0;
        for (int b = 0; b < 4; b++) {
            for (UserEvents user : BucketEvents.load(BucketSpill.file(dir, b)).users()) {
                users++;
                assertThat(UserBuckets.bucketOf(user.userId(), 4)).isEqualTo(b);
            }
        }
        assertThat(users).isEqualTo(7);
    }

    @Test
    void bucketsSpreadSequentialIds() {
        int[] counts = new int[16];
        for (int i = 0; i < 16_000; i++) {
            counts[UserBuckets.bucketOf(String.format("u-%06d", i), 16)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(800, 1200);
        }
    }
}
