package com.clickstream.attribution.testsupport.kinesis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which shard a shard iterator belongs to, learnt from the traffic: GetShardIterator names the shard
 * and answers the iterator, each GetRecords answer carries the next one. An iterator is opaque (on
 * AWS and on both local servers), so this is the only server-independent way for the proxy to know
 * which shard a GetRecords call reads. Bounded (least recently used out): a consumer retrying a
 * throttled call presents the same iterator again, so entries are kept, not consumed.
 */
final class ShardIterators {

    static final int DEFAULT_CAPACITY = 50_000;

    private final Map<String, String> shardOf;

    ShardIterators(int capacity) {
        this.shardOf = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(String iterator, String shard) {
        if (iterator != null && shard != null) {
            shardOf.put(iterator, shard);
        }
    }

    /** The shard (stream/shard id) of {@code iterator}, or null if it was not seen through the proxy. */
    synchronized String shardOf(String iterator) {
        return iterator == null ? null : shardOf.get(iterator);
    }

    synchronized int size() {
        return shardOf.size();
    }
}
