package com.clickstream.attribution.core.rules.multitouch;

import com.clickstream.attribution.core.rules.Attribution;
import java.util.ArrayList;
import java.util.List;

/**
 * The path to conversion of a checkout, as one text: the traffic sources of its touches (the candidate
 * clicks of every model: same user, inside the window, copies once, earliest {@code (event_ts, event_id)}
 * first) joined with {@value #SEPARATOR}, e.g. {@code google > email > direct}.
 *
 * <ul>
 *   <li>Consecutive repeats collapse into one step: google, google, email, google is
 *       {@code google > email > google}. A path says which sources took turns, not how many clicks each had
 *       (that is in the touch credits).</li>
 *   <li>At most {@value #MAX_STEPS} steps: a longer path keeps its last {@value #MAX_STEPS} steps (the ones
 *       nearest the checkout) behind a first step {@value #TRUNCATED}, so a user clicking all day makes one
 *       readable path and the rollup's key stays small.</li>
 *   <li>A checkout without a touch has the path {@value Attribution#UNATTRIBUTED}.</li>
 * </ul>
 */
public final class ConversionPath {

    /** Between two steps. */
    public static final String SEPARATOR = " > ";

    /** The most steps a path keeps. */
    public static final int MAX_STEPS = 10;

    /** The first step of a path that lost its earlier steps. */
    public static final String TRUNCATED = "...";

    private ConversionPath() {
    }

    /** The path of touches from {@code touchSources} (touch order); {@value Attribution#UNATTRIBUTED} for none. */
    public static String of(List<String> touchSources) {
        if (touchSources.isEmpty()) {
            return Attribution.UNATTRIBUTED;
        }
        List<String> steps = new ArrayList<>();
        for (String source : touchSources) {
            if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(source)) {
                steps.add(source);
            }
        }
        if (steps.size() > MAX_STEPS) {
            List<String> kept = new ArrayList<>(MAX_STEPS + 1);
            kept.add(TRUNCATED);
            kept.addAll(steps.subList(steps.size() - MAX_STEPS, steps.size()));
            steps = kept;
        }
        return String.join(SEPARATOR, steps);
    }

    /**
     * The path of a checkout from its credits under any one model ({@link MultiTouchAttribution}: one credit
     * per touch in touch order, or one unattributed credit).
     */
    public static String ofCredits(List<Credit> credits) {
        if (credits.isEmpty()) {
            throw new IllegalArgumentException("a checkout has at least one credit");
        }
        if (!credits.get(0).attributed()) {
            return Attribution.UNATTRIBUTED;
        }
        List<String> sources = new ArrayList<>(credits.size());
        for (Credit credit : credits) {
            sources.add(credit.trafficSource());
        }
        return of(sources);
    }
}
