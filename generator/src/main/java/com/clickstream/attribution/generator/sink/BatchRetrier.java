package com.clickstream.attribution.generator.sink;

import com.clickstream.attribution.support.aws.AwsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery loop shared by {@link KinesisSink} and {@link FirehoseSink}: validate, group by
 * destination, split into calls within the service's {@link BatchLimits}, send, and re-send only
 * the rejected entries with {@link RetryPolicy} backoff until all are accepted or the budget is
 * spent.
 *
 * <p>Rules, in the order they apply to one {@code send}:
 * <ol>
 *   <li>A record that can never be accepted (no destination for its logical stream, too big,
 *       invalid partition key) rejects the whole batch before any call, so nothing is half-sent.</li>
 *   <li>Records go out grouped by destination (first-seen order), each group in input order, in
 *       consecutive chunks. A chunk is finished (all accepted, or given up) before the next chunk
 *       is sent, so a later chunk never overtakes an earlier one.</li>
 *   <li>Per call: accepted entries are done; entries rejected with a retryable code
 *       (throttling, internal failure) are re-sent, alone and in their original order, after a
 *       jittered backoff; entries rejected with any other code are given up at once. A whole-call
 *       exception that is retryable re-sends the same entries; any other fails fast.</li>
 *   <li>A record gets at most {@link RetryPolicy#maxAttempts()} calls. If any record of a chunk is
 *       given up, the send stops there and throws {@link SinkException} with the number of
 *       records not accepted (that chunk's leftovers plus every later chunk), which are also
 *       counted as failed.</li>
 * </ol>
 *
 * <p>Stats: {@code calls} counts every API call, {@code sent} every accepted record, {@code retried}
 * every re-sent record (a record sent three times adds 2), {@code failed} every record given up.
 */
public final class BatchRetrier {

    private static final Logger log = LoggerFactory.getLogger(BatchRetrier.class);
    private static final int PROBLEMS_SHOWN = 5;

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Random random;

    /**
     * @param policy  backoff and attempt budget
     * @param sleeper how to wait ({@link Sleeper#SYSTEM} in production, a recorder in tests)
     * @param random  jitter source; pass a seeded one for reproducible waits
     */
    public BatchRetrier(RetryPolicy policy, Sleeper sleeper, Random random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@link RetryPolicy#DEFAULT}, real sleeps, unseeded jitter. */
    public static BatchRetrier withDefaults() {
        return new BatchRetrier(RetryPolicy.DEFAULT, Sleeper.SYSTEM, new Random());
    }

    public RetryPolicy policy() {
        return policy;
    }

    <E> void send(List<OutboundRecord> batch, BatchTarget<E> target, SinkCounters counters) {
        if (batch.isEmpty()) {
            return;
        }
        BatchLimits limits = target.limits();
        Map<String, List<Prepared<E>>> byDestination = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int invalid = 0;
        for (int i = 0; i < batch.size(); i++) {
            OutboundRecord record = batch.get(i);
            String destination = target.destination(record.stream());
            long size = target.size(record);
            String problem = destination == null
                    ? "no " + target.service() + " stream configured for logical stream '" + record.stream() + "'"
                    : target.invalid(record);
            if (problem == null && size > limits.maxRecordBytes()) {
                problem = "record of " + size + " bytes exceeds the " + target.service() + " limit of "
                        + limits.maxRecordBytes() + " bytes per record";
            }
            if (problem != null) {
                invalid++;
                if (problems.size() < PROBLEMS_SHOWN) {
                    problems.add("record #" + i + ": " + problem);
                }
                continue;
            }
            byDestination.computeIfAbsent(destination, d -> new ArrayList<>())
                    .add(new Prepared<>(target.entry(record), size));
        }
        if (invalid > 0) {
            counters.failed(batch.size());
            throw new SinkException(target.service() + ": nothing of the batch of " + batch.size()
                    + " records was sent because " + invalid + " of them can never be accepted: "
                    + String.join("; ", problems) + (invalid > problems.size() ? "; ..." : ""), batch.size(), null);
        }

        long remaining = batch.size();
        long accepted = 0;
        for (Map.Entry<String, List<Prepared<E>>> group : byDestination.entrySet()) {
            String destination = group.getKey();
            for (List<Prepared<E>> chunk : limits.split(group.getValue(), Prepared::size)) {
                List<E> entries = new ArrayList<>(chunk.size());
                chunk.forEach(p -> entries.add(p.entry()));
                ChunkOutcome outcome = deliver(target, destination, entries, counters);
                remaining -= chunk.size();
                accepted += chunk.size() - outcome.undelivered();
                if (outcome.undelivered() > 0) {
                    long undelivered = outcome.undelivered() + remaining;
                    counters.failed(undelivered);
                    String message = target.service() + ": " + undelivered + " of " + batch.size()
                            + " records not delivered (" + accepted + " accepted) to '" + destination + "': "
                            + outcome.reason();
                    log.warn(message);
                    throw new SinkException(message, undelivered, outcome.cause());
                }
            }
        }
    }

    /** Sends one chunk until every entry is accepted or given up. */
    <E> ChunkOutcome deliver(BatchTarget<E> target, String destination, List<E> chunk, SinkCounters counters) {
        List<E> pending = chunk;
        int givenUp = 0;
        String givenUpReason = null;
        String lastError = null;
        RuntimeException lastException = null;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                counters.retried(pending.size());
            }
            counters.call();
            List<BatchTarget.EntryError> results;
            try {
                results = target.put(destination, pending);
            } catch (RuntimeException e) {
                if (!target.retryableCall(e)) {
                    return new ChunkOutcome(pending.size() + givenUp,
                            "non-retryable error: " + AwsErrors.describe(e), e);
                }
                results = null;
                lastException = e;
                lastError = AwsErrors.describe(e);
            }
            if (results != null) {
                if (results.size() != pending.size()) {
                    // Cannot tell which entries were stored: re-sending could duplicate, so stop.
                    return new ChunkOutcome(pending.size() + givenUp, "the service answered " + results.size()
                            + " results for " + pending.size() + " entries; delivery state unknown", null);
                }
                List<E> rejected = new ArrayList<>();
                long acceptedNow = 0;
                for (int i = 0; i < results.size(); i++) {
                    BatchTarget.EntryError error = results.get(i);
                    if (error == null) {
                        acceptedNow++;
                    } else if (target.retryableEntry(error.code())) {
                        rejected.add(pending.get(i));
                        lastError = error.toString();
                    } else {
                        givenUp++;
                        givenUpReason = error.toString();
                    }
                }
                counters.sent(acceptedNow);
                pending = rejected;
            }
            if (pending.isEmpty()) {
                return givenUp == 0
                        ? ChunkOutcome.DELIVERED
                        : new ChunkOutcome(givenUp, givenUp + " entries rejected with a non-retryable error, e.g. "
                        + givenUpReason, null);
            }
            if (attempt >= policy.maxAttempts()) {
                return new ChunkOutcome(pending.size() + givenUp, "still rejected after " + attempt
                        + " attempts (retry budget " + policy.maxAttempts() + "), last error " + lastError, lastException);
            }
            var wait = policy.backoffBeforeRetry(attempt, random);
            if (log.isDebugEnabled()) {
                log.debug("{} '{}': {} of {} entries to retry ({}), retry {} in {} ms", target.service(), destination,
                        pending.size(), chunk.size(), lastError, attempt, wait.toMillis());
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ChunkOutcome(pending.size() + givenUp, "interrupted while waiting to retry", e);
            }
        }
    }

    private record Prepared<E>(E entry, long size) {
    }

    record ChunkOutcome(int undelivered, String reason, Throwable cause) {
        static final ChunkOutcome DELIVERED = new ChunkOutcome(0, "delivered", null);
    }
}
