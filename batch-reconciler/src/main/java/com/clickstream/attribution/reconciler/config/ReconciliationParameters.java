package com.clickstream.attribution.reconciler.config;

import com.clickstream.attribution.core.config.Durations;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;

/**
 * The parameters of one reconciliation run: the one options class of this runnable.
 *
 * <p>Every option has a default, so the job runs with no arguments (the nightly container task):
 * <ul>
 *   <li>{@code to} ({@value #TO}): end of the event-time range, exclusive. Default: the last full hour
 *       (now truncated to the hour, UTC).</li>
 *   <li>{@code from} ({@value #FROM}): start of the event-time range, inclusive. Default: {@code to - lookback}.</li>
 *   <li>{@code lookback} ({@value #LOOKBACK}): how far back the default range reaches. Default {@code 3d}.
 *       Ignored when {@code from} is given.</li>
 *   <li>{@code window} ({@value #WINDOW}): the attribution window W. Default
 *       {@link AttributionWindow#DEFAULT_LENGTH} (the one source of truth, shared with the stream).</li>
 *   <li>{@code lateness} ({@value #LATENESS}): the stream's allowed lateness (watermark delay). It only
 *       decides which reason a correction gets (late_click / late_checkout), never the answer.
 *       Default {@code 5m}, the streaming job's default; set it to the stream's setting.</li>
 *   <li>{@code buckets} ({@value #BUCKETS}): user-id hash buckets the recompute is partitioned into.
 *       Each partition holds one bucket's events in memory, so heap per worker is about
 *       events / buckets. Default {@value #DEFAULT_BUCKETS}.</li>
 * </ul>
 * Instants are ISO-8601 ({@code 2024-03-01T00:00:00Z}) or a UTC date ({@code 2024-03-01} = its
 * midnight); durations use the project's one parser ({@link Durations}: {@code 1h}, {@code 90m},
 * {@code PT1H}).
 *
 * @param from     start of the reconciled event-time range (inclusive)
 * @param to       end of the range (exclusive)
 * @param window   the attribution window
 * @param lookback the length of the default range (recorded for the run summary)
 * @param lateness the stream's allowed lateness, for correction reasons
 * @param buckets  number of user-id hash buckets (partitions)
 */
public record ReconciliationParameters(
        Instant from, Instant to, AttributionWindow window, Duration lookback, Duration lateness, int buckets) {

    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String WINDOW = "window";
    public static final String LOOKBACK = "lookback";
    public static final String LATENESS = "lateness";
    public static final String BUCKETS = "buckets";
    /** Makes each fresh run its own job instance, so a completed range can be reconciled again. */
    public static final String RUN = "run";

    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(3);
    public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(5);
    public static final int DEFAULT_BUCKETS = 64;

    /** The option names a command line may use ({@code --from=...} or {@code --from ...}). */
    public static final Set<String> OPTIONS = Set.of(FROM, TO, WINDOW, LOOKBACK, LATENESS, BUCKETS);

    public ReconciliationParameters {
        Objects.requireNonNull(from, FROM);
        Objects.requireNonNull(to, TO);
        Objects.requireNonNull(window, WINDOW);
        Objects.requireNonNull(lookback, LOOKBACK);
        Objects.requireNonNull(lateness, LATENESS);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + to + "): the range is [from, to)");
        }
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("--lateness must not be negative, was " + Durations.format(lateness));
        }
        if (buckets < 1 || buckets > 4096) {
            throw new IllegalArgumentException("--buckets must be between 1 and 4096, was " + buckets);
        }
    }

    /** Parameters from option values (missing ones take their defaults); the clock gives "now". */
    public static ReconciliationParameters fromOptions(Map<String, String> options, Clock clock) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + ", expected one of " + OPTIONS);
            }
        }
        Duration lookback = option(options, LOOKBACK, Durations::parse, DEFAULT_LOOKBACK);
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("--" + LOOKBACK + " '" + options.get(LOOKBACK) + "' must be positive");
        }
        Instant to = option(options, TO, t -> instant(t, TO), clock.instant().truncatedTo(ChronoUnit.HOURS));
        Instant from = option(options, FROM, t -> instant(t, FROM), to.minus(lookback));
        AttributionWindow window = option(options, WINDOW, AttributionWindow::parse, AttributionWindow.DEFAULT);
        Duration lateness = option(options, LATENESS, Durations::parse, DEFAULT_LATENESS);
        int buckets = option(options, BUCKETS, t -> {
            try {
                return Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
        }, DEFAULT_BUCKETS);
        return new ReconciliationParameters(from, to, window, lookback, lateness, buckets);
    }

    /**
     * The option's value read by {@code parser}, or {@code fallback} when absent; a bad value's error
     * names the option ({@code --name 'value': reason}).
     */
    private static <T> T option(Map<String, String> options, String name, Function<String, T> parser, T fallback) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("--" + name + " '" + text + "': "
                    + (reason.startsWith(name + " ") ? reason.substring(name.length() + 1) : reason), e);
        }
    }

    /** Parameters back from a job's parameters (as written by {@link #toJobParameters(long)}). */
    public static ReconciliationParameters fromJobParameters(JobParameters parameters) {
        return of(parameters.getString(FROM), parameters.getString(TO), parameters.getString(WINDOW),
                parameters.getString(LOOKBACK), parameters.getString(LATENESS), parameters.getLong(BUCKETS));
    }

    /** Parameters from their string forms (as job parameters hold them). */
    public static ReconciliationParameters of(
            String from, String to, String window, String lookback, String lateness, Long buckets) {
        return new ReconciliationParameters(instant(from, FROM), instant(to, TO), AttributionWindow.parse(window),
                Durations.parse(lookback), Durations.parse(lateness), Math.toIntExact(buckets));
    }

    /**
     * The job parameters of a run. All are identifying, {@code run} included: a restart must reuse
     * exactly these, and a new run over the same range is a new job instance.
     */
    public JobParameters toJobParameters(long run) {
        return new JobParametersBuilder()
                .addString(FROM, from.toString())
                .addString(TO, to.toString())
                .addString(WINDOW, window.format())
                .addString(LOOKBACK, Durations.format(lookback))
                .addString(LATENESS, Durations.format(lateness))
                .addLong(BUCKETS, (long) buckets)
                .addLong(RUN, run)
                .toJobParameters();
    }

    /** True when {@code parameters} describe the same reconciliation (everything but {@code run}). */
    public boolean sameRunAs(JobParameters parameters) {
        try {
            return equals(fromJobParameters(parameters));
        } catch (RuntimeException e) {
            return false; // not a reconciliation's parameters
        }
    }

    /** Start of the first UTC day the range touches: rollups are refreshed in whole days. */
    public LocalDate firstDay() {
        return LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    /** The last UTC day the range touches (to is exclusive). */
    public LocalDate lastDay() {
        return LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
    }

    /** Start of the rollup days: checkouts from here are credited for the model rollup. */
    public Instant rollupFrom() {
        return firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** End (exclusive) of the rollup days. */
    public Instant rollupTo() {
        return lastDay().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Earliest click time that can matter: a candidate of the earliest checkout of the rollup days. */
    public Instant clicksFrom() {
        return window.earliestClickTs(rollupFrom());
    }

    /** The parameters as text, for logs and the run summary. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(FROM, from.toString());
        out.put(TO, to.toString());
        out.put(WINDOW, window.format());
        out.put(LOOKBACK, Durations.format(lookback));
        out.put(LATENESS, Durations.format(lateness));
        out.put(BUCKETS, Integer.toString(buckets));
        return out;
    }

    static Instant instant(String text, String name) {
        Objects.requireNonNull(text, name);
        String value = text.trim();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " must be an ISO-8601 instant (2024-03-01T00:00:00Z) or a UTC date (2024-03-01), was '"
                            + text + "'", e);
        }
    }
}
