package com.clickstream.attribution.generator.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Event-shaped JSON records for sink tests. */
final class TestRecords {

    private TestRecords() {
    }

    /**
     * {@code count} records of about 300 bytes on {@code stream}, {@code users} partition keys
     * round robin; the payload carries its index as {@code "seq"} so order can be checked.
     */
    static List<OutboundRecord> events(String stream, int count, int users) {
        List<OutboundRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String user = "user-" + (i % users);
            String json = String.format("{\"event_id\":\"%s-%06d\",\"event_type\":\"%s\",\"seq\":%d,\"user_id\":\"%s\","
                            + "\"session_id\":\"s-%d\",\"product_id\":\"p-%d\",\"product_category\":\"electronics\","
                            + "\"traffic_source\":\"google\",\"device_type\":\"mobile\","
                            + "\"page_url\":\"https://shop.example.com/products/p-%d?utm_source=google&utm_medium=cpc\","
                            + "\"event_ts\":%d}",
                    stream, i, stream.startsWith("check") ? "checkout" : "click", i, user, i / 7, i % 97, i % 97,
                    1_764_000_000_000L + i * 1000L);
            records.add(new OutboundRecord(stream, user, json.getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** A record whose payload is {@code size} bytes of 'x'. */
    static OutboundRecord ofSize(String stream, String key, int size) {
        byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) 'x');
        return new OutboundRecord(stream, key, payload);
    }

    static String payload(OutboundRecord record) {
        return payload(record.payload());
    }

    static String payload(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The "seq" field of a payload made by {@link #events}. */
    static int seq(String payload) {
        int start = payload.indexOf("\"seq\":") + 6;
        int end = payload.indexOf(',', start);
        return Integer.parseInt(payload.substring(start, end));
    }
}
