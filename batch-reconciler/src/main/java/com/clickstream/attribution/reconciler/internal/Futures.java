package com.clickstream.attribution.reconciler.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the reconciler's own worker threads: their failure is rethrown as it was thrown. */
public final class Futures {

    private Futures() {
    }

    /** The result of {@code future}; its RuntimeException as is, anything else wrapped with {@code what}. */
    public static <T> T await(Future<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }
}
