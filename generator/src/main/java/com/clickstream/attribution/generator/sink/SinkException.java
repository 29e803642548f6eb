package com.clickstream.attribution.generator.sink;

/** A batch could not be delivered completely within the retry budget. */
public class SinkException extends RuntimeException {
    private final long undelivered;

    public SinkException(String message, long undelivered, Throwable cause) {
        super(message, cause);
        this.undelivered = undelivered;
    }

    public long undelivered() {
        return undelivered;
    }
}
