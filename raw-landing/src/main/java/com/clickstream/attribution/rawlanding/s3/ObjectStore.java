package com.clickstream.attribution.rawlanding.s3;

import java.util.Optional;

/** The few object operations the landing needs, so tests can put a failing store in front of S3. */
public interface ObjectStore {

    /** Writes (or overwrites) the object. */
    void put(String key, byte[] bytes);

    /** The object's bytes, or empty if there is no such object. */
    Optional<byte[]> get(String key);
}
