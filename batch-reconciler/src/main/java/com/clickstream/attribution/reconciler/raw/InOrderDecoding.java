package com.clickstream.attribution.reconciler.raw;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decodes raw objects on {@code threads} threads and hands the results to the calling thread in listing
 * order, holding at most {@code threads + 1} decoded objects: what the staging of every engine shares, so
 * its output does not depend on the thread count.
 */
public final class InOrderDecoding {

    private InOrderDecoding() {
    }

    /** Runs {@code decode} over {@code objects} in parallel and {@code inOrder} on each result, in order. */
    public static <T> void run(List<RawObject> objects, int threads, String threadName, Function<RawObject, T> decode,
            Consumer<T> inOrder) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads(threadName));
        Deque<Future<T>> inFlight = new ArrayDeque<>();
        int submitted = 0;
        try {
            for (int i = 0; i < objects.size(); i++) {
                while (submitted < objects.size() && inFlight.size() <= threads) {
                    RawObject next = objects.get(submitted++);
                    inFlight.add(pool.submit(() -> decode.apply(next)));
                }
                inOrder.accept(await(inFlight.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("staging interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("decoding a raw object failed", e.getCause());
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
