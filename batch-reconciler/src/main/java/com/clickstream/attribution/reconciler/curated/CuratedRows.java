package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.curated.CuratedRollupPartial;
import com.clickstream.attribution.core.curated.CuratedTouchCredit;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.rules.AttributedClick;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.multitouch.AttributionModel;
import com.clickstream.attribution.core.rules.multitouch.Credit;
import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.reconciler.recompute.Tracked;
import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one mapping between the recompute's answers and the curated dataset's rows (the Avro records of
 * attribution-core's {@code curated/*.avsc}), both ways: the recompute writes rows, the apply stage reads
 * them back into the same {@link RecomputedCheckout} the diff takes.
 */
public final class CuratedRows {

    static final String MODEL_SOURCE = "model_source";
    static final String CLICKS = "clicks";
    static final String PRODUCT_CLICKS = "product_clicks";
    static final String CONVERSION_PATHS = "conversion_paths";
    static final String TOUCHES = "touches";

    private CuratedRows() {
    }

    /** The attribution row of one answer. */
    public static CuratedAttribution attribution(long runId, int bucket, RecomputedCheckout recomputed) {
        Attribution a = recomputed.answer();
        Checkout checkout = recomputed.checkout().event();
        Optional<AttributedClick> click = a.click();
        Optional<Tracked<AttributedClick>> evidence = recomputed.creditedClick();
        return CuratedAttribution.newBuilder()
                .setRunId(runId)
                .setBucket(bucket)
                .setCheckoutId(a.checkoutId())
                .setUserId(a.userId())
                .setSessionId(checkout.getSessionId())
                .setCheckoutTs(a.checkoutTs())
                .setRevenue(a.revenue())
                .setCurrency(a.currency())
                .setPaymentMethod(checkout.getPaymentMethod())
                .setItems(checkout.getItems())
                .setAttributed(a.attributed())
                .setClickId(click.map(AttributedClick::clickId).orElse(null))
                .setClickTs(click.map(AttributedClick::clickTs).orElse(null))
                .setTrafficSource(a.trafficSource())
                .setCampaignId(click.map(AttributedClick::campaignId).orElse(null))
                .setDeviceType(click.map(AttributedClick::deviceType).orElse(null))
                .setProductId(click.map(AttributedClick::productId).orElse(null))
                .setProductCategory(click.map(AttributedClick::productCategory).orElse(null))
                .setCheckoutArrivalTs(recomputed.checkout().arrivalHour())
                .setCheckoutCopies(recomputed.checkout().copies())
                .setClickArrivalTs(evidence.map(Tracked::arrivalHour).orElse(null))
                .setClickCopies(evidence.map(Tracked::copies).orElse(null))
                .build();
    }

    /** The answer of one attribution row, as the diff takes it (credits are not read back: apply does not need them). */
    public static RecomputedCheckout recomputed(CuratedAttribution row) {
        Optional<AttributedClick> click = row.getAttributed()
                ? Optional.of(new AttributedClick(row.getClickId(), row.getClickTs(), row.getTrafficSource(),
                        row.getCampaignId(), row.getDeviceType(), row.getProductId(), row.getProductCategory()))
                : Optional.empty();
        Attribution answer = new Attribution(row.getCheckoutId(), row.getUserId(), row.getCheckoutTs(), row.getRevenue(),
                row.getCurrency(), click);
        Checkout checkout = Checkout.newBuilder()
                .setEventId(row.getCheckoutId())
                .setEventType("checkout")
                .setUserId(row.getUserId())
                .setSessionId(row.getSessionId())
                .setItems(row.getItems())
                .setTotalAmount(row.getRevenue())
                .setCurrency(row.getCurrency())
                .setPaymentMethod(row.getPaymentMethod())
                .setEventTs(row.getCheckoutTs())
                .build();
        return new RecomputedCheckout(answer, new Tracked<>(checkout, row.getCheckoutArrivalTs(), row.getCheckoutCopies()),
                click.map(c -> new Tracked<>(c, row.getClickArrivalTs(), row.getClickCopies())), Map.of());
    }

    /** The touch-credit rows of one answer: every model, every touch, in touch order. */
    public static List<CuratedTouchCredit> touchCredits(long runId, RecomputedCheckout recomputed) {
        List<CuratedTouchCredit> rows = new ArrayList<>();
        for (Map.Entry<AttributionModel, List<Credit>> model : recomputed.credits().entrySet()) {
            List<Credit> credits = model.getValue();
            for (int i = 0; i < credits.size(); i++) {
                Credit c = credits.get(i);
                rows.add(CuratedTouchCredit.newBuilder()
                        .setRunId(runId)
                        .setCheckoutId(c.checkoutId())
                        .setCheckoutTs(recomputed.answer().checkoutTs())
                        .setModel(model.getKey().dbName())
                        .setTouchIndex(i)
                        .setClickId(c.clickId())
                        .setTrafficSource(c.trafficSource())
                        .setRevenue(c.amount())
                        .setShare(c.share())
                        .build());
            }
        }
        return rows;
    }

    /** One row per rollup entry of {@code totals}. */
    public static List<CuratedRollupPartial> rollupPartials(long runId, RollupTotals totals) {
        List<CuratedRollupPartial> rows = new ArrayList<>();
        totals.credited().forEach((k, v) -> rows.add(partial(runId, MODEL_SOURCE, k.day())
                .setModel(k.model()).setTrafficSource(k.trafficSource())
                .setRevenue(v.revenue().setScale(2)).setCheckouts(v.checkouts().setScale(Credit.SHARE_SCALE)).build()));
        totals.paths().forEach((k, v) -> rows.add(partial(runId, CONVERSION_PATHS, k.day())
                .setPath(k.path()).setConversions(v.conversions()).setRevenue(v.revenue().setScale(2)).build()));
        totals.clicks().forEach((k, v) -> rows.add(partial(runId, CLICKS, k.day())
                .setTrafficSource(k.trafficSource()).setDeviceType(k.deviceType())
                .setClicks(v.clicks()).setSessions(v.sessions()).setUsers(v.users()).build()));
        totals.productClicks().forEach((k, v) -> rows.add(partial(runId, PRODUCT_CLICKS, k.day())
                .setProductId(k.productId()).setProductCategory(totals.categoryOf(k))
                .setClicks(v.clicks()).setSessions(v.sessions()).setUsers(v.users()).build()));
        totals.touches().forEach((k, v) -> rows.add(partial(runId, TOUCHES, k.day())
                .setTouches(k.touches()).setRevenue(v.revenue().setScale(2))
                .setCheckouts(v.checkouts().setScale(Credit.SHARE_SCALE)).build()));
        return rows;
    }

    /** Adds one stored partial back into {@code totals}. */
    public static void addTo(RollupTotals totals, CuratedRollupPartial row) {
        LocalDate day = LocalDate.parse(row.getDay());
        RollupTotals.Counts counts = new RollupTotals.Counts(row.getClicks(), row.getSessions(), row.getUsers());
        switch (row.getRollup()) {
            case MODEL_SOURCE -> totals.addCredited(new RollupTotals.ModelKey(day, row.getModel(), row.getTrafficSource()),
                    new RollupTotals.Credited(row.getRevenue(), row.getCheckouts()));
            case CONVERSION_PATHS -> totals.addConverted(new RollupTotals.PathKey(day, row.getPath()),
                    new RollupTotals.Converted(row.getConversions(), row.getRevenue()));
            case CLICKS -> totals.addClickGroup(new RollupTotals.ClickKey(day, row.getTrafficSource(), row.getDeviceType()), counts);
            case PRODUCT_CLICKS -> totals.addProductGroup(new RollupTotals.ProductKey(day, row.getProductId()), counts,
                    row.getProductCategory());
            case TOUCHES -> totals.addTouches(new RollupTotals.TouchesKey(day, row.getTouches()),
                    row.getCheckouts().longValueExact(), row.getRevenue());
            default -> throw new IllegalArgumentException("unknown rollup '" + row.getRollup() + "' in a rollup partial");
        }
    }

    private static CuratedRollupPartial.Builder partial(long runId, String rollup, LocalDate day) {
        return CuratedRollupPartial.newBuilder().setRunId(runId).setRollup(rollup).setDay(day.toString());
    }
}
