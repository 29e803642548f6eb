package com.clickstream.attribution.rawlanding.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventJson;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

class ShardBuffersTest {

    private static final String SHARD = "shardId-000000000003";
    private static final Instant NOW = Instant.parse("2026-11-25T07:59:58Z");
    private final AtomicLong nanos = new AtomicLong();
    private long sequence = 49_000_000_000_000_000L;

    private ShardBuffers buffers() {
        return new ShardBuffers("clicks", SHARD, EventType.CLICK, ValidationPolicy.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC), nanos::get);
    }

    private Record record(byte[] payload, Instant arrival) {
        return Record.builder().data(SdkBytes.fromByteArray(payload)).approximateArrivalTimestamp(arrival)
                .sequenceNumber(Long.toString(sequence++)).partitionKey("u-1").build();
    }

    private static Click click(String id, Instant eventTs) {
        return Click.newBuilder().setEventId(id).setEventType("click").setUserId("u-1").setSessionId("s-1")
                .setProductId("p-1").setProductName("P").setProductCategory("c").setProductPrice(new BigDecimal("9.99"))
                .setTrafficSource("email").setCampaignId(null).setDeviceType("tablet").setPageUrl("https://x/p-1")
                .setEventTs(eventTs).build();
    }

    @Test
    void eachRecordGoesToItsArrivalHourAndObjectsAreNamedByTheirSequenceRange() throws BadRawObjectException {
        ShardBuffers buffers = buffers();
        Instant h7 = Instant.parse("2026-11-25T07:59:59.999Z");
        Instant h8 = Instant.parse("2026-11-25T08:00:00Z");
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Click c = click("c-" + i, h7.minusSeconds(60));
            clicks.add(c);
            assertThat(buffers.add(record(EventJson.toJsonBytes(c), i < 3 ? h7 : h8))).isTrue();
        }

        List<PendingObject> objects = buffers.render();

        assertThat(objects).extracting(PendingObject::key).containsExactly(
                "raw/click/dt=2026-11-25/hour=07/" + SHARD + "-49000000000000000-49000000000000002.parquet",
                "raw/click/dt=2026-11-25/hour=08/" + SHARD + "-49000000000000003-49000000000000005.parquet");
        assertThat(RawParquetReader.clicks().read(objects.get(0).bytes(), "k").events())
                .containsExactlyElementsOf(clicks.subList(0, 3));
        assertThat(RawParquetReader.clicks().read(objects.get(1).bytes(), "k").events())
                .containsExactlyElementsOf(clicks.subList(3, 6));
        assertThat(objects).extracting(PendingObject::records).containsExactly(3, 3);
    }

    @Test
    void rejectedRecordsBecomeFirehoseStyleErrorLinesInTheErrorPrefix() throws Exception {
        ShardBuffers buffers = buffers();
        byte[] notJson = "{\"event_id\": ".getBytes(StandardCharsets.UTF_8);
        byte[] checkoutOnClicks = "{\"event_type\":\"checkout\"}".getBytes(StandardCharsets.UTF_8);
        Instant arrival = Instant.parse("2026-11-25T07:10:00.123Z");
        assertThat(buffers.add(record(notJson, arrival))).isFalse();
        assertThat(buffers.add(record(EventJson.toJsonBytes(click("ok", arrival)), arrival))).isTrue();
        assertThat(buffers.add(record(checkoutOnClicks, arrival))).isFalse();

        List<PendingObject> objects = buffers.render();

        assertThat(objects).hasSize(2);
        PendingObject errors = objects.get(1);
        assertThat(errors.errors()).isTrue();
        assertThat(errors.key()).isEqualTo("raw-errors/click/dt=2026-11-25/hour=07/"
                + SHARD + "-49000000000000000-49000000000000002.jsonl");
        String[] lines = new String(errors.bytes(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.get("errorCode").asText()).isEqualTo("not_json");
        assertThat(first.get("errorMessage").asText()).isNotBlank();
        assertThat(first.get("arrivalTimestamp").asLong()).isEqualTo(arrival.toEpochMilli());
        assertThat(first.get("attemptEndingTimestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(first.get("attemptsMade").asInt()).isEqualTo(1);
        assertThat(Base64.getDecoder().decode(first.get("rawData").asText())).isEqualTo(notJson);
        assertThat(first.get("sourceStream").asText()).isEqualTo("clicks");
        assertThat(first.get("shardId").asText()).isEqualTo(SHARD);
        assertThat(first.get("sequenceNumber").asText()).isEqualTo("49000000000000000");
        assertThat(first.get("partitionKey").asText()).isEqualTo("u-1");
        assertThat(json.readTree(lines[1]).get("errorCode").asText()).isEqualTo("wrong_stream");
        assertThat(RawLayout.errorTypePrefix(EventType.CLICK)).isEqualTo("raw-errors/click/");
    }

    @Test
    void eventTimeIsJudgedAgainstArrivalNotTheWallClockSoAReplayClassifiesTheSame() {
        ShardBuffers buffers = buffers();
        Instant arrival = NOW.minusSeconds(40L * 24 * 3600); // arrived 40 days ago, replayed today
        // 10 minutes after arrival: in the future when it arrived (skew 5 min), though in the past today
        assertThat(buffers.add(record(EventJson.toJsonBytes(click("future", arrival.plusSeconds(600))), arrival))).isFalse();
        // 35 days before today but 5 days before arrival: valid when it arrived
        assertThat(buffers.add(record(EventJson.toJsonBytes(click("old", arrival.minusSeconds(5L * 24 * 3600))), arrival)))
                .isTrue();
    }

    @Test
    void sizeAgeAndClearTrackTheBufferedRecords() {
        ShardBuffers buffers = buffers();
        assertThat(buffers.isEmpty()).isTrue();
        assertThat(buffers.oldestAgeNanos()).isZero();
        byte[] payload = EventJson.toJsonBytes(click("a", NOW));
        nanos.set(1_000);
        buffers.add(record(payload, NOW));
        nanos.set(5_000);
        buffers.add(record(payload, NOW.plusSeconds(3600)));
        nanos.set(9_000);
        assertThat(buffers.bytes()).isEqualTo(2L * payload.length);
        assertThat(buffers.records()).isEqualTo(2);
        assertThat(buffers.oldestAgeNanos()).isEqualTo(8_000);
        buffers.clear();
        assertThat(buffers.isEmpty()).isTrue();
        assertThat(buffers.bytes()).isZero();
    }
}
