package com.clickstream.attribution.rawstore;

import java.util.Objects;

/**
 * A parsed raw object key: its partition and its object name (the part after {@code hour=HH/}).
 *
 * @param key       the full key as listed
 * @param partition type and arrival hour from the folder names
 * @param name      the object name, e.g. {@code shardId-000000000000-49..-49...parquet}
 */
public record RawObjectKey(String key, RawPartition partition, String name) {

    public RawObjectKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(name, "name");
    }
}
