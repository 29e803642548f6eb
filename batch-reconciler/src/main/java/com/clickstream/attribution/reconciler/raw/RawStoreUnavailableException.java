package com.clickstream.attribution.reconciler.raw;

/**
 * The raw store could not be reached (connection errors, timeouts, 5xx or throttling after the client's
 * retries). Unlike {@link UnreadableRawObjectException} this is not the object's fault, so it is not a
 * skip: it fails the staging step, and a restart with the same parameters reads the object again.
 */
public class RawStoreUnavailableException extends RuntimeException {

    public RawStoreUnavailableException(String location, Throwable cause) {
        super("raw store unavailable reading " + location + " (after the client's retries; "
                + "restart with the same parameters once it is back): " + cause.getMessage(), cause);
    }
}
