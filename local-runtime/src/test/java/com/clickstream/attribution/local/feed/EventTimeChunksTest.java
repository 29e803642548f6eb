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

    @Test
    void cutsSoThatEveryEventIsClearlyInTimeOrLate() {
        List<OutboundRecord> records = List.of(click("a", 0), click("b", 10), click("c", 6),
                OutboundRecord.class.cast(JsonLinesFile.route("not json", 4)), click("d", 4), click("a", 0));
        EventTimeChunks.Plan plan = EventTimeChunks.plan(records, Duration.ofMinutes(5));
        // a alone (b would lift the watermark above it); b and c together (both above 10m - 5m);
        // the bad line rides along; d at 4m is at or below the watermark of 10m - 5m: late for sure
        assertThat(plan.chunks()).extracting(List::size).containsExactly(1, 3, 2);
        // the second copy of a is late too, but its first copy was read in time
        assertThat(plan.lateEventIds()).containsExactly("d");
    }
}
