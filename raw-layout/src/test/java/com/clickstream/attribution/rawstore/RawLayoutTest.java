package com.clickstream.attribution.rawstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.contract.EventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawLayoutTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-25T07:59:59.999Z");

    @Test
    void objectKeyIsPartitionedByUtcArrivalDayAndTwoDigitHour() {
        assertThat(RawLayout.objectKey(EventType.CLICK, ARRIVAL, "shardId-000000000001-49-50"))
                .isEqualTo("raw/click/dt=2026-11-25/hour=07/shardId-000000000001-49-50.parquet");
        assertThat(RawLayout.objectKey(EventType.CHECKOUT, Instant.parse("2026-12-31T23:00:00Z"), "x.parquet"))
                .isEqualTo("raw/checkout/dt=2026-12-31/hour=23/x.parquet");
    }

    @Test
    void theFirehoseExpressionNamesTheSameFoldersAsObjectKey() {
        String expanded = RawLayout.FIREHOSE_PARTITION_EXPRESSION
                .replace("!{timestamp:yyyy-MM-dd}", "2026-11-25").replace("!{timestamp:HH}", "07");
        assertThat(RawLayout.typePrefix(EventType.CLICK) + expanded + "x.parquet")
                .isEqualTo(RawLayout.objectKey(EventType.CLICK, ARRIVAL, "x"));
    }

    @Test
    void errorKeyUsesTheTypeOrUnknown() {
        assertThat(RawLayout.errorKey(EventType.CHECKOUT, ARRIVAL, "a.jsonl"))
                .isEqualTo("raw-errors/checkout/dt=2026-11-25/hour=07/a.jsonl");
        assertThat(RawLayout.errorKey(null, Instant.parse("2026-01-02T00:00:00Z"), "a.jsonl"))
                .isEqualTo("raw-errors/unknown/dt=2026-01-02/hour=00/a.jsonl");
    }

    @Test
    void objectNamesWithASlashOrBlankAreRefused() {
        assertThatThrownBy(() -> RawLayout.objectKey(EventType.CLICK, ARRIVAL, "a/b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawLayout.objectKey(EventType.CLICK, ARRIVAL, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseIsTheInverseOfObjectKey() throws BadRawObjectException {
        for (EventType type : EventType.values()) {
            for (Instant arrival = Instant.parse("2026-02-28T21:17:00Z");
                    arrival.isBefore(Instant.parse("2026-03-01T03:00:00Z")); arrival = arrival.plusSeconds(1_800)) {
                String key = RawLayout.objectKey(type, arrival, "obj");
                RawObjectKey parsed = RawLayout.parse(key);
                assertThat(parsed.partition()).isEqualTo(RawPartition.of(type, arrival));
                assertThat(parsed.name()).isEqualTo("obj.parquet");
                assertThat(parsed.key()).isEqualTo(key);
                assertThat(key).startsWith(parsed.partition().prefix());
                assertThat(parsed.partition().start()).isBeforeOrEqualTo(arrival);
                assertThat(parsed.partition().end()).isAfter(arrival);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "raw/click/dt=2026-13-01/hour=07/a.parquet",   // no month 13
            "raw/click/dt=2026-02-30/hour=07/a.parquet",   // no 30 February
            "raw/click/dt=2026-1-01/hour=07/a.parquet",    // not zero-padded
            "raw/click/date=2026-11-25/hour=07/a.parquet", // wrong key
            "raw/click/dt=2026-11-25/hour=24/a.parquet",   // no hour 24
            "raw/click/dt=2026-11-25/hour=7/a.parquet",    // one digit
            "raw/click/dt=2026-11-25/a.parquet",           // no hour folder
            "raw/view/dt=2026-11-25/hour=07/a.parquet",    // unknown event type
            "raw/click/dt=2026-11-25/hour=07/",            // a folder, not an object
            "raw/click/dt=2026-11-25/hour=07/x/a.parquet", // nested deeper
            "raw-errors/click/dt=2026-11-25/hour=07/a",    // not under raw/
            "other/click/dt=2026-11-25/hour=07/a.parquet"})
    void aKeyWhosePartitionDoesNotParseFailsWithItsReason(String key) {
        assertThatThrownBy(() -> RawLayout.parse(key))
                .isInstanceOfSatisfying(BadRawObjectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BadObjectReason.UNPARSEABLE_PARTITION);
                    assertThat(e.getMessage()).startsWith("unparseable_partition: ").endsWith(key);
                });
    }

    @Test
    void partitionsCoverEveryArrivalHourOfTheRangeBothEndsIncluded() {
        List<RawPartition> partitions = RawLayout.partitions(EventType.CLICK,
                Instant.parse("2026-11-24T22:30:00Z"), Instant.parse("2026-11-25T01:00:00Z"));
        assertThat(partitions).extracting(RawPartition::prefix).containsExactly(
                "raw/click/dt=2026-11-24/hour=22/",
                "raw/click/dt=2026-11-24/hour=23/",
                "raw/click/dt=2026-11-25/hour=00/",
                "raw/click/dt=2026-11-25/hour=01/");
    }

    @Test
    void partitionsOfAThreeDayRangePlusWindowAreContiguousHours() {
        Instant from = Instant.parse("2026-11-22T00:00:00Z").minusSeconds(3_600);
        Instant to = Instant.parse("2026-11-25T03:10:00Z");
        List<RawPartition> partitions = RawLayout.partitions(EventType.CHECKOUT, from, to);
        assertThat(partitions).hasSize(3 * 24 + 1 + 4);
        for (int i = 1; i < partitions.size(); i++) {
            assertThat(partitions.get(i).start()).isEqualTo(partitions.get(i - 1).end());
        }
        assertThat(partitions.get(0)).isEqualTo(new RawPartition(EventType.CHECKOUT, LocalDate.of(2026, 11, 21), 23));
        assertThat(RawLayout.partitions(from, to)).hasSize(2 * partitions.size());
    }

    @Test
    void aSingleInstantRangeIsOnePartitionAndAReversedRangeIsRefused() {
        assertThat(RawLayout.partitions(EventType.CLICK, ARRIVAL, ARRIVAL)).hasSize(1);
        assertThatThrownBy(() -> RawLayout.partitions(EventType.CLICK, ARRIVAL, ARRIVAL.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
