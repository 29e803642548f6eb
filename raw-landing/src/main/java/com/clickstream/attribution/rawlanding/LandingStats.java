package com.clickstream.attribution.rawlanding;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one landing run, shared by the shard threads. "Landed" and "rejected" count records
 * whose object is written (durable), so after a clean finish {@code recordsRead = eventsLanded +
 * recordsRejected}.
 */
public final class LandingStats {

    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong eventsLanded = new AtomicLong();
    final AtomicLong recordsRejected = new AtomicLong();
    final AtomicLong objectsWritten = new AtomicLong();
    final AtomicLong errorObjectsWritten = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();
    final AtomicLong flushes = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong maxMillisBehind = new AtomicLong();

    /** A consistent-enough copy for reports. */
    public Snapshot snapshot() {
        return new Snapshot(recordsRead.get(), eventsLanded.get(), recordsRejected.get(), objectsWritten.get(),
                errorObjectsWritten.get(), bytesWritten.get(), flushes.get(), retries.get(), maxMillisBehind.get());
    }

    /**
     * @param recordsRead         Kinesis records consumed
     * @param eventsLanded        valid events in written raw objects
     * @param recordsRejected     rejected records in written error objects
     * @param objectsWritten      raw Parquet objects written
     * @param errorObjectsWritten error objects written
     * @param bytesWritten        bytes of both
     * @param flushes             flushes (each ends with a checkpoint)
     * @param retries             failed S3/Kinesis calls that were retried
     * @param maxMillisBehind     largest MillisBehindLatest seen on the latest GetRecords of any shard
     */
    public record Snapshot(long recordsRead, long eventsLanded, long recordsRejected, long objectsWritten,
            long errorObjectsWritten, long bytesWritten, long flushes, long retries, long maxMillisBehind) {

        @Override
        public String toString() {
            return String.format("%,d records read, %,d events landed in %,d objects, %,d rejected in %,d error objects,"
                            + " %,d bytes written, %,d flushes, %,d retries",
                    recordsRead, eventsLanded, objectsWritten, recordsRejected, errorObjectsWritten, bytesWritten,
                    flushes, retries);
        }
    }
}
