package com.clickstream.attribution.reconciler.raw;

import java.util.List;

/**
 * What a listing found: the objects to read, and the keys it had to skip (folders whose names do not
 * parse as an arrival partition).
 */
public record RawListing(List<RawObject> objects, List<RawSkip> skips) {

    public RawListing {
        objects = List.copyOf(objects);
        skips = List.copyOf(skips);
    }
}
