package com.clickstream.attribution.reconciler.explain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Why a checkout got its credit ({@link CheckoutExplainer}): the checkout, the user's clicks around its window
 * in rule order, which one first-click credits and why, every model's credit per touch, the conversion path, the
 * row in PostgreSQL and the ledger's corrections of it, and a one-line verdict. Rendered as text by
 * {@link ExplanationText} and as JSON (this record, field by field) by {@code explain --json}.
 *
 * @param checkout    the checkout's facts and where they came from
 * @param window      the attribution window {@code W} ({@code 1h})
 * @param windowStart {@code checkout_ts - W}, inclusive
 * @param windowEnd   {@code checkout_ts}, inclusive
 * @param clicksRead  which raw partitions the clicks were read from
 * @param clicks      the candidates in rule order, with the nearest clicks just outside the window
 * @param credited    the click first-click credits, null when unattributed
 * @param why         the rule's reason in one sentence
 * @param models      the multi-touch models, in the order of {@link TouchCredit#amounts}
 * @param credits     per touch (or the one unattributed credit), the amount under each model
 * @param path        the conversion path
 * @param stored      the row in {@code ecommerce.attributed_checkouts}, null when there is none
 * @param streamRow   what the stream wrote: the ledger's first "old" answer, or the row while the stream still owns it
 * @param corrections the ledger's rows for the checkout, oldest first
 * @param verdict     one line: does the stored answer agree with the rule, and what happened to it
 */
public record CheckoutExplanation(CheckoutFacts checkout, String window, String windowStart, String windowEnd,
        String clicksRead, List<ClickLine> clicks, ClickLine credited, String why, List<String> models,
        List<TouchCredit> credits, String path, StoredRow stored, StoredAnswer streamRow, List<Correction> corrections,
        String verdict) {

    /** The checkout: its facts from the raw records (or the table when raw has none), and how many raw copies. */
    public record CheckoutFacts(String checkoutId, String userId, String checkoutTs, BigDecimal revenue, String currency,
            int rawCopies, String source) {
    }

    /**
     * One click of the user: a touch (numbered from 1 in rule order) or one just outside the window.
     *
     * @param touch    1-based rule order among the candidates; null outside the window
     * @param position {@code touch}, {@code before_window} or {@code after_checkout}
     * @param copies   raw records with this event id among the user's clicks read
     * @param note     the boundary or tie this click sits on, empty when none
     */
    public record ClickLine(Integer touch, String clickId, String eventTs, String trafficSource, String campaignId,
            String deviceType, int copies, String position, boolean credited, String note) {
    }

    /** One touch's credit under every model ({@code amounts} in the order of {@link CheckoutExplanation#models}). */
    public record TouchCredit(int touch, String clickId, String trafficSource, Map<String, BigDecimal> amounts) {
    }

    /** The checkout's row in {@code ecommerce.attributed_checkouts}. */
    public record StoredRow(String writtenBy, int version, String updatedAt, boolean attributed, String clickId,
            String clickTs, String trafficSource, BigDecimal revenue) {
    }

    /** An answer as the ledger records it (old or new side). */
    public record StoredAnswer(Boolean attributed, String clickId, String trafficSource, BigDecimal revenue) {
    }

    /** One ledger row ({@code ecommerce.attribution_corrections}). */
    public record Correction(long runId, String reason, String correctedAt, StoredAnswer before, StoredAnswer after) {
    }
}
