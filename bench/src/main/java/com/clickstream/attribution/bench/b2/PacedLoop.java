package com.clickstream.attribution.bench.b2;

/**
 * Sends {@code count} records at {@code rate} per second: every {@code tickMillis} it hands the
 * sender every record due by then ({@code floor(rate x elapsed)}), so the average rate is exact
 * whatever each send costs; a slow send is caught up at the next tick. JDK only (it runs in the
 * Spark worker too).
 */
final class PacedLoop {

    /** Sends records {@code [from, to)} of the step (step-relative indices). */
    interface Sender {
        void send(long from, long to) throws Exception;
    }

    private PacedLoop() {
    }

    static void run(double rate, long count, long tickMillis, Sender sender) throws Exception {
        long start = System.nanoTime();
        long sent = 0;
        for (long tick = 1; sent < count; tick++) {
            long wait = start + tick * tickMillis * 1_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long due = due(rate, count, System.nanoTime() - start);
            if (due > sent) {
                sender.send(sent, due);
                sent = due;
            }
        }
    }

    /** Records due after {@code elapsedNanos}: {@code floor(rate x elapsed)}, at most {@code count}. */
    static long due(double rate, long count, long elapsedNanos) {
        return Math.min(count, (long) Math.floor(rate * elapsedNanos / 1e9));
    }
}
