package com.clickstream.attribution.reconciler.raw;

import java.io.Serializable;
import java.util.List;

/**
 * What the staging step did.
 *
 * @param objectsListed objects found in the arrival partitions
 * @param objectsRead   objects read successfully
 * @param eventsRead    events (rows) read from those objects, copies included
 * @param eventsStaged  events whose event time can matter to the run, written to bucket files
 * @param rejectedRows  rows of readable objects that were not valid events (kept as dead letters)
 * @param skips         objects and folders that could not be used, with reasons
 */
public record StageResult(long objectsListed, long objectsRead, long eventsRead, long eventsStaged, long rejectedRows,
        List<RawSkip> skips)
        implements Serializable {

    public StageResult {
        skips = List.copyOf(skips);
    }
}
