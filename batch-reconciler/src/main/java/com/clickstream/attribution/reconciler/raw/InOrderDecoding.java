package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.reconciler.internal.Futures;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decodes raw objects (or any work items) on {@code threads} threads and hands the results to the calling
 * thread in listing order, holding at most {@code threads + 1} results: what the staging of every engine
 * shares, so its output does not depend on the thread count.
 */
public final class InOrderDecoding {

    private InOrderDecoding() {
    }

    /** Runs {@code decode} over {@code objects} in parallel and {@code inOrder} on each result, in order. */
    public static <S, T> void run(List<S> objects, int threads, String threadName, Function<S, T> decode,
            Consumer<T> inOrder) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, Futures.daemonThreads(threadName));
        Deque<Future<T>> inFlight = new ArrayDeque<>();
        int submitted = 0;
        try {
            for (int i = 0; i < objects.size(); i++) {
                while (submitted < objects.size() && inFlight.size() <= threads) {
                    S next = objects.get(submitted++);
                    inFlight.add(pool.submit(() -> decode.apply(next)));
                }
                inOrder.accept(Futures.await(inFlight.poll(), threadName));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
