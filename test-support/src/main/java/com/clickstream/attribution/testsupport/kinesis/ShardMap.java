package com.clickstream.attribution.testsupport.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Open shards of one stream and their hash-key ranges: maps a record to its shard as Kinesis does. */
final class ShardMap {

    private final List<Shard> open = new ArrayList<>();
    private final List<BigInteger[]> ranges = new ArrayList<>();
    private final long loadedAtNanos;

    ShardMap(List<Shard> shards, long loadedAtNanos) {
        for (Shard shard : shards) {
            if (shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null) {
                open.add(shard);
                ranges.add(new BigInteger[] {
                        new BigInteger(shard.hashKeyRange().startingHashKey()),
                        new BigInteger(shard.hashKeyRange().endingHashKey())});
            }
        }
        this.loadedAtNanos = loadedAtNanos;
    }

    long loadedAtNanos() {
        return loadedAtNanos;
    }

    /** The open shard whose range holds the explicit hash key, else the MD5 of the partition key; null if none. */
    String shardFor(String partitionKey, String explicitHashKey) {
        BigInteger hash = explicitHashKey != null ? new BigInteger(explicitHashKey) : md5(partitionKey);
        for (int i = 0; i < open.size(); i++) {
            BigInteger[] range = ranges.get(i);
            if (hash.compareTo(range[0]) >= 0 && hash.compareTo(range[1]) <= 0) {
                return open.get(i).shardId();
            }
        }
        return null;
    }

    private static BigInteger md5(String partitionKey) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
