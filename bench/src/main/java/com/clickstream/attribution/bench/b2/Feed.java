package com.clickstream.attribution.bench.b2;

/** Sends a step's records into the pipeline's source at a rate, logging when each chunk went out. */
interface Feed extends AutoCloseable {

    /** Sends data-set records {@code [firstIndex, firstIndex + count)} at {@code rate}/s; returns once all are sent. */
    void feed(int step, int rate, long firstIndex, long count, SendLog log) throws Exception;

    @Override
    void close();
}
