package com.clickstream.attribution.reconciler.explain;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.CandidateClicks;
import com.clickstream.attribution.core.rules.ClickOrder;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.core.rules.multitouch.ConversionPath;
import com.clickstream.attribution.core.rules.multitouch.Credit;
import com.clickstream.attribution.core.rules.multitouch.MultiTouchAttribution;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.CheckoutFacts;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.ClickLine;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.Correction;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.StoredAnswer;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.StoredRow;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.TouchCredit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Explains one checkout with attribution-core's rules, applied here exactly as the reconciler applies them
 * ({@link CandidateClicks}, {@link FirstClickAttribution}, {@link MultiTouchAttribution}, {@link ConversionPath}):
 * this class only lays out what the rules decided, next to what PostgreSQL holds.
 */
public final class CheckoutExplainer {

    /** Clicks shown on each side just outside the window. */
    static final int OUTSIDE_SHOWN = 2;

    private CheckoutExplainer() {
    }

    /**
     * @param checkout    the checkout (the owner's copy when raw holds several)
     * @param facts       where its facts came from, and its raw copies
     * @param userClicks  the user's raw click records around the window (copies included, any order)
     * @param clicksRead  which partitions they were read from
     * @param stored      the table's row, or null
     * @param corrections the ledger's rows for the checkout, oldest first
     */
    public static CheckoutExplanation explain(Checkout checkout, CheckoutFacts facts, List<Click> userClicks,
            String clicksRead, MultiTouchAttribution models, StoredRow stored, List<Correction> corrections) {
        AttributionWindow window = models.window();
        Instant ts = checkout.getEventTs();
        Instant start = window.earliestClickTs(ts);
        List<Click> touches = CandidateClicks.of(checkout, userClicks, window);
        Attribution answer = FirstClickAttribution.attribute(checkout, userClicks, window);
        Map<AttributionModel, List<Credit>> byModel = models.creditAllModels(checkout, userClicks);

        Map<String, Integer> copies = new HashMap<>();
        for (Click c : userClicks) {
            if (c.getUserId().equals(checkout.getUserId())) {
                copies.merge(c.getEventId(), 1, Integer::sum);
            }
        }
        String creditedId = answer.click().map(AttributedClick::clickId).orElse(null);

        List<ClickLine> lines = new ArrayList<>();
        ClickLine credited = null;
        for (Click before : outside(checkout, userClicks, touches, c -> c.getEventTs().isBefore(start), true)) {
            lines.add(line(null, before, copies, "before_window", false,
                    human(Duration.between(before.getEventTs(), start)) + " before the window start"));
        }
        for (int i = 0; i < touches.size(); i++) {
            Click touch = touches.get(i);
            boolean isCredited = touch.getEventId().equals(creditedId);
            ClickLine line = line(i + 1, touch, copies, "touch", isCredited, touchNote(touch, touches, start, ts, copies));
            lines.add(line);
            if (isCredited) {
                credited = line;
            }
        }
        for (Click after : outside(checkout, userClicks, touches, c -> c.getEventTs().isAfter(ts), false)) {
            lines.add(line(null, after, copies, "after_checkout", false,
                    human(Duration.between(ts, after.getEventTs())) + " after the checkout"));
        }

        List<String> modelNames = Arrays.stream(AttributionModel.values()).map(AttributionModel::dbName).toList();
        List<TouchCredit> credits = new ArrayList<>();
        int rows = byModel.get(AttributionModel.FIRST_CLICK).size();
        for (int i = 0; i < rows; i++) {
            Map<String, BigDecimal> amounts = new LinkedHashMap<>();
            for (AttributionModel model : AttributionModel.values()) {
                amounts.put(model.dbName(), byModel.get(model).get(i).amount());
            }
            Credit any = byModel.get(AttributionModel.FIRST_CLICK).get(i);
            credits.add(new TouchCredit(any.attributed() ? i + 1 : 0, any.clickId(), any.trafficSource(), amounts));
        }

        StoredAnswer streamRow = streamAnswer(stored, corrections);
        return new CheckoutExplanation(facts, window.format(), start.toString(), ts.toString(), clicksRead, List.copyOf(lines),
                credited, why(checkout, answer, touches, start), modelNames, List.copyOf(credits),
                ConversionPath.ofCredits(byModel.get(AttributionModel.FIRST_CLICK)), stored, streamRow,
                List.copyOf(corrections), verdict(answer, stored, corrections));
    }

    /** The user's clicks nearest the window on one side, deduplicated by id as the rule does, in rule order. */
    private static List<Click> outside(Checkout checkout, List<Click> userClicks, List<Click> touches,
            java.util.function.Predicate<Click> side, boolean nearestLast) {
        Map<String, Click> byId = new HashMap<>();
        for (Click c : userClicks) {
            if (c.getUserId().equals(checkout.getUserId()) && side.test(c)
                    && touches.stream().noneMatch(t -> t.getEventId().equals(c.getEventId()))) {
                byId.merge(c.getEventId(), c, (kept, other) -> ClickOrder.CLICKS.compare(other, kept) < 0 ? other : kept);
            }
        }
        List<Click> sorted = new ArrayList<>(byId.values());
        sorted.sort(ClickOrder.CLICKS);
        return nearestLast ? sorted.subList(Math.max(0, sorted.size() - OUTSIDE_SHOWN), sorted.size())
                : sorted.subList(0, Math.min(OUTSIDE_SHOWN, sorted.size()));
    }

    private static ClickLine line(Integer touch, Click c, Map<String, Integer> copies, String position, boolean credited,
            String note) {
        return new ClickLine(touch, c.getEventId(), c.getEventTs().toString(), c.getTrafficSource(), c.getCampaignId(),
                c.getDeviceType(), copies.getOrDefault(c.getEventId(), 1), position, credited, note);
    }

    private static String touchNote(Click touch, List<Click> touches, Instant start, Instant ts, Map<String, Integer> copies) {
        List<String> notes = new ArrayList<>();
        if (touch.getEventTs().equals(start)) {
            notes.add("exactly at the window start (inclusive)");
        }
        if (touch.getEventTs().equals(ts)) {
            notes.add("in the checkout's millisecond (the window end is inclusive)");
        }
        List<String> tied = touches.stream().filter(t -> t != touch && t.getEventTs().equals(touch.getEventTs()))
                .map(Click::getEventId).toList();
        if (!tied.isEmpty()) {
            notes.add("same millisecond as " + String.join(", ", tied) + ": ordered by event_id");
        }
        int n = copies.getOrDefault(touch.getEventId(), 1);
        if (n > 1) {
            notes.add(n + " raw copies, counted once");
        }
        return String.join("; ", notes);
    }

    private static String why(Checkout checkout, Attribution answer, List<Click> touches, Instant start) {
        if (answer.click().isEmpty()) {
            return "no click of " + checkout.getUserId() + " in [" + start + ", " + checkout.getEventTs()
                    + "] (both ends inclusive): unattributed";
        }
        AttributedClick c = answer.click().get();
        StringBuilder why = new StringBuilder(c.clickId() + " (" + c.trafficSource() + ") is the earliest of "
                + touches.size() + (touches.size() == 1 ? " candidate" : " candidates") + " by (event_ts, event_id)");
        List<String> tied = touches.stream().filter(t -> t.getEventTs().equals(c.clickTs()) && !t.getEventId().equals(c.clickId()))
                .map(Click::getEventId).toList();
        if (!tied.isEmpty()) {
            why.append("; it shares its millisecond with ").append(String.join(", ", tied)).append(" and has the smaller event_id");
        }
        if (c.clickTs().equals(start)) {
            why.append("; it is exactly W before the checkout, and the window start is inclusive");
        }
        return why.toString();
    }

    private static StoredAnswer streamAnswer(StoredRow stored, List<Correction> corrections) {
        if (!corrections.isEmpty()) {
            StoredAnswer first = corrections.get(0).before();
            return first.attributed() == null ? null : first; // null: the stream never wrote the row
        }
        if (stored != null && stored.writtenBy().equals("stream")) {
            return new StoredAnswer(stored.attributed(), stored.clickId(), stored.trafficSource(), stored.revenue());
        }
        return null;
    }

    private static String verdict(Attribution answer, StoredRow stored, List<Correction> corrections) {
        String rule = describe(answer.attributed(), answer.click().map(AttributedClick::clickId).orElse(null),
                answer.trafficSource());
        if (stored == null) {
            return "no row in attributed_checkouts yet: the rule says " + rule
                    + "; the next reconciliation of its day inserts it";
        }
        String row = describe(stored.attributed(), stored.clickId(), stored.trafficSource());
        boolean agrees = stored.attributed() == answer.attributed()
                && Objects.equals(stored.clickId(), answer.click().map(AttributedClick::clickId).orElse(null));
        if (!agrees) {
            return "the stored answer " + row + " differs from the rule's " + rule
                    + " (raw data newer than the last reconciliation?): the next reconciliation of its day corrects it";
        }
        if (corrections.isEmpty()) {
            return "the stored answer " + row + " agrees with the rule; written by the " + stored.writtenBy()
                    + ", never corrected";
        }
        Correction last = corrections.get(corrections.size() - 1);
        return "the stored answer " + row + " agrees with the rule after " + corrections.size()
                + (corrections.size() == 1 ? " correction" : " corrections") + " (last: run " + last.runId() + ", "
                + last.reason() + ")";
    }

    /** A distance in time for a reader: {@code 1 ms}, {@code 13.871 s}, {@code 14 min 55 s}, {@code 2 h 5 min}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.3f s", ms / 1000.0);
        }
        long s = ms / 1000;
        return s < 3600 ? s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s")
                : s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }

    static String describe(Boolean attributed, String clickId, String source) {
        if (attributed == null) {
            return "(none)";
        }
        return attributed ? source + " (" + clickId + ")" : Attribution.UNATTRIBUTED;
    }
}
