package com.clickstream.attribution.rawlanding.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Shard checkpoints as small JSON objects in the raw bucket, one per shard:
 * {@code <prefix><stream>/<shardId>} = {@code {"stream":..,"shardId":..,"sequenceNumber":..,"pendingThrough":..,"updatedAt":..}}.
 * Kept next to the data they describe, so a landing that moves to another machine resumes where it was.
 */
public final class CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final String prefix;
    private final Clock clock;

    public CheckpointStore(ObjectStore store, String prefix, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String key(String stream, String shardId) {
        return prefix + stream + "/" + shardId;
    }

    public ShardCheckpoint read(String stream, String shardId) {
        Optional<byte[]> bytes = store.get(key(stream, shardId));
        if (bytes.isEmpty()) {
            return ShardCheckpoint.none(stream, shardId);
        }
        try {
            JsonNode node = JSON.readTree(bytes.get());
            return new ShardCheckpoint(stream, shardId, text(node, "sequenceNumber"), text(node, "pendingThrough"));
        } catch (IOException e) {
            // A checkpoint we cannot read must stop the shard, not silently restart it from the beginning.
            throw new IllegalStateException("unreadable checkpoint " + key(stream, shardId), e);
        }
    }

    public void write(ShardCheckpoint checkpoint) {
        ObjectNode node = JSON.createObjectNode()
                .put("stream", checkpoint.stream())
                .put("shardId", checkpoint.shardId())
                .put("sequenceNumber", checkpoint.sequenceNumber())
                .put("pendingThrough", checkpoint.pendingThrough())
                .put("updatedAt", clock.instant().toString());
        try {
            store.put(key(checkpoint.stream(), checkpoint.shardId()), JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
