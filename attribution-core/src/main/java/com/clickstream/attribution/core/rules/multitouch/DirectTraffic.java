package com.clickstream.attribution.core.rules.multitouch;

/**
 * What "direct" traffic is, for {@link AttributionModel#LAST_NON_DIRECT_CLICK}: a click whose
 * {@code traffic_source} is exactly {@value #SOURCE}, the event contract's value for a visit that came
 * from no referrer, campaign or link (typed URL, bookmark). Sources are compared exactly, as everywhere
 * else in the pipeline (rollups group them as sent): {@code Direct} or {@code (direct)} are other sources.
 */
public final class DirectTraffic {

    /** The contract's traffic source of a direct visit (click.avsc, {@code traffic_source}). */
    public static final String SOURCE = "direct";

    private DirectTraffic() {
    }

    /** True when a click from {@code trafficSource} is direct. */
    public static boolean isDirect(String trafficSource) {
        return SOURCE.equals(trafficSource);
    }
}
