package com.clickstream.attribution.rawlanding.s3;

import java.util.Objects;

/**
 * Where a shard's landing stands.
 *
 * @param stream          the Kinesis stream
 * @param shardId         the shard
 * @param sequenceNumber  last record whose object is written (resume AFTER it); null = nothing landed yet
 * @param pendingThrough  a flush in progress: objects for the records after {@code sequenceNumber} up to this
 *                        one are being written. After a crash the first flush is cut at exactly this record,
 *                        so the replay produces the same object names and overwrites what the crash left.
 *                        Null when no flush is in progress.
 */
public record ShardCheckpoint(String stream, String shardId, String sequenceNumber, String pendingThrough) {

    public ShardCheckpoint {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
    }

    public static ShardCheckpoint none(String stream, String shardId) {
        return new ShardCheckpoint(stream, shardId, null, null);
    }

    public ShardCheckpoint pending(String through) {
        return new ShardCheckpoint(stream, shardId, sequenceNumber, through);
    }

    public ShardCheckpoint committed(String through) {
        return new ShardCheckpoint(stream, shardId, through, null);
    }
}
