package com.clickstream.attribution.local.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.clickstream.attribution.generator.sink.OutboundRecord;
import org.junit.jupiter.api.Test;

class EventTimeChunksTest {

    private static final long T0 = System.currentTimeMillis() - Duration.ofHours(1).toMillis();

    private static OutboundRecord click(String id, int minute) {
        String json = "{\"event_id\":\"" + id + "\",\"event_type\":\"click\",\"user_id\":\"u-1\",\"session_id\":\"s-1\","
                + "\"product_id\":\"p-0001\",\"product_name\":\"x\",\"product_category\":\"home\",\"product_price\":1.00,"
                + "\"traffic_source\":\"google\",\"campaign_id\":null,\"device_type\":\"mobile\","
                + "\"page_url\":\"https://shop.example/p/p-0001\",\"event_ts\":" + (T0 + minute * 60_000L) + "}";
        return JsonLinesFile.route(json, 1);
    }

    private static OutboundRecord checkout(String id, int minute) {
        String json = "{\"event_id\":\"" + id + "\",\"event_type\":\"checkout\",\"user_id\":\"u-1\",\"session_id\":\"s-1\","
                + "\"items\":[{\"product_id\":\"p-0001\",\"product_name\":\"x\",\"unit_price\":1.00,\"quantity\":1}],"
                + "\"total_amount\":1.00,\"currency\":\"USD\",\"payment_method\":\"card\",\"event_ts\":" + (T0 + minute * 60_000L) + "}";
        return JsonLinesFile.route(json, 1);
    }

    @Test
    void cutsSoThatEveryEventIsClearlyInTimeOrLate() {
        List<OutboundRecord> records = List.of(click("a", 0), checkout("o", 10), click("b", 10), click("c", 6),
                OutboundRecord.class.cast(JsonLinesFile.route("not json", 4)), click("d", 4), click("a", 0));
        EventTimeChunks.Plan plan = EventTimeChunks.plan(records, Duration.ofMinutes(5));
        // a and o (b would lift the watermark, min(10m, 10m) - 5m, above a); b and c together (both above 5m);
        // the bad line rides along; d at 4m is at or below the watermark of 10m - 5m: late for sure
        assertThat(plan.chunks()).extracting(List::size).containsExactly(2, 3, 2);
        // the second copy of a is late too, but its first copy was read in time
        assertThat(plan.lateEventIds()).containsExactly("d");
    }

    @Test
    void anEventIsLateOnlyWhenBehindBothStreams() {
        // the checkouts stream has read up to 60m, the clicks stream only to 10m (a catch-up after a stop)
        List<OutboundRecord> records = List.of(checkout("o", 60), click("k1", 10), click("k2", 30), click("k3", 4));
        EventTimeChunks.Plan plan = EventTimeChunks.plan(records, Duration.ofMinutes(5));
        // k2 at 30m would lift the watermark to min(60m, 30m) - 5m = 25m, above k1: a cut. k3 at 4m is at or below
        // min(60m, 10m) - 5m = 5m, the watermark once the first chunk is read: late. k1 is 50 minutes behind the
        // checkouts stream, but not behind its own: in time.
        assertThat(plan.chunks()).extracting(List::size).containsExactly(2, 2);
        assertThat(plan.lateEventIds()).containsExactly("k3");
    }

    @Test
    void nothingIsLateWhileOneStreamHasReadNothing() {
        List<OutboundRecord> records = List.of(click("a", 60), click("b", 120), click("c", 0));
        EventTimeChunks.Plan plan = EventTimeChunks.plan(records, Duration.ofMinutes(5));
        assertThat(plan.chunks()).hasSize(1);
        assertThat(plan.lateEventIds()).isEmpty();
    }
}
