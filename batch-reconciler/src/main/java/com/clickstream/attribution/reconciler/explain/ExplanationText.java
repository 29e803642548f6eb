package com.clickstream.attribution.reconciler.explain;

import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.ClickLine;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.Correction;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.StoredAnswer;
import com.clickstream.attribution.reconciler.explain.CheckoutExplanation.TouchCredit;
import java.math.BigDecimal;

/** {@link CheckoutExplanation} as text for a terminal: one section per question, tables aligned. */
public final class ExplanationText {

    private ExplanationText() {
    }

    public static String of(CheckoutExplanation e) {
        StringBuilder b = new StringBuilder();
        var c = e.checkout();
        b.append(String.format("checkout %s: user %s, %s, %s %s (facts from %s; %d raw %s)%n", c.checkoutId(), c.userId(),
                c.checkoutTs(), c.revenue().toPlainString(), c.currency(), c.source(), c.rawCopies(),
                c.rawCopies() == 1 ? "copy" : "copies"));
        b.append(String.format("window W = %s: [%s, %s], both ends inclusive%n", e.window(), e.windowStart(), e.windowEnd()));
        b.append(String.format("clicks of %s in rule order (earliest (event_ts, event_id) first; read from %s):%n",
                c.userId(), e.clicksRead()));
        if (e.clicks().isEmpty()) {
            b.append("    (none near the window)\n");
        } else {
            int idWidth = Math.max(8, e.clicks().stream().mapToInt(l -> l.clickId().length()).max().orElse(0));
            int sourceWidth = Math.max(10, e.clicks().stream().mapToInt(l -> l.trafficSource().length()).max().orElse(0));
            b.append(String.format("    %5s  %-" + idWidth + "s  %-24s  %-" + sourceWidth + "s  %s%n", "touch", "click",
                    "event_ts", "source", "note"));
            for (ClickLine l : e.clicks()) {
                String note = l.position().equals("touch") ? l.note()
                        : "OUTSIDE: " + l.note();
                if (l.credited()) {
                    note = "<- CREDITED" + (note.isEmpty() ? "" : "; " + note);
                }
                b.append(String.format("    %5s  %-" + idWidth + "s  %-24s  %-" + sourceWidth + "s  %s%n",
                        l.touch() == null ? "-" : l.touch(), l.clickId(), l.eventTs(), l.trafficSource(), note));
            }
        }
        b.append("first click: ").append(e.why()).append('\n');
        b.append("credit per touch:\n");
        b.append(String.format("    %5s  %-12s", "touch", "source"));
        e.models().forEach(m -> b.append(String.format("  %" + Math.max(10, m.length()) + "s", m)));
        b.append('\n');
        for (TouchCredit t : e.credits()) {
            b.append(String.format("    %5s  %-12s", t.touch() == 0 ? "-" : t.touch(), t.trafficSource()));
            for (String m : e.models()) {
                BigDecimal amount = t.amounts().get(m);
                b.append(String.format("  %" + Math.max(10, m.length()) + "s", amount.toPlainString()));
            }
            b.append('\n');
        }
        b.append("conversion path: ").append(e.path()).append('\n');
        b.append("the stream wrote: ").append(e.streamRow() == null ? "nothing (no stream row)" : answer(e.streamRow()))
                .append('\n');
        if (e.stored() == null) {
            b.append("row in attributed_checkouts: none\n");
        } else {
            var s = e.stored();
            b.append(String.format("row in attributed_checkouts: %s (written by %s, version %d, updated %s)%n",
                    CheckoutExplainer.describe(s.attributed(), s.clickId(), s.trafficSource()), s.writtenBy(), s.version(),
                    s.updatedAt()));
        }
        if (e.corrections().isEmpty()) {
            b.append("corrections in the ledger: none\n");
        } else {
            b.append("corrections in the ledger:\n");
            for (Correction k : e.corrections()) {
                b.append(String.format("    run %d at %s: %s: %s -> %s%n", k.runId(), k.correctedAt(), k.reason(),
                        k.before().attributed() == null ? "(no row)" : answer(k.before()), answer(k.after())));
            }
        }
        b.append("verdict: ").append(e.verdict()).append('\n');
        return b.toString();
    }

    private static String answer(StoredAnswer a) {
        return CheckoutExplainer.describe(a.attributed(), a.clickId(), a.trafficSource())
                + (a.revenue() == null ? "" : ", " + a.revenue().toPlainString());
    }
}
