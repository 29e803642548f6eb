package com.clickstream.attribution.core.rules.multitouch;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a checkout's revenue is shared among its candidate clicks ("touches", ordered earliest
 * {@code (event_ts, event_id)} first). Weights per model are in {@link TouchWeights}.
 *
 * <ul>
 *   <li>{@link #FIRST_CLICK}: the first touch gets everything.</li>
 *   <li>{@link #LAST_CLICK}: the last touch (largest {@code (event_ts, event_id)}) gets everything.</li>
 *   <li>{@link #LINEAR}: every touch gets an equal share.</li>
 *   <li>{@link #TIME_DECAY}: a touch's weight halves with every half-life between it and the
 *       checkout: {@code 2^(-(checkout_ts - click_ts) / halfLife)}.</li>
 *   <li>{@link #POSITION_BASED}: one touch gets 100%, two touches 50% each; otherwise the first and
 *       the last get 40% each and the touches in between share 20% equally.</li>
 *   <li>{@link #LAST_NON_DIRECT_CLICK}: the last touch that is not {@linkplain DirectTraffic direct} gets
 *       everything; when every touch is direct, the last touch (the last direct click) does, as under
 *       {@link #LAST_CLICK}. So "direct" takes the credit only when no other source touched the path.</li>
 * </ul>
 */
public enum AttributionModel {
    FIRST_CLICK,
    LAST_CLICK,
    LINEAR,
    TIME_DECAY,
    POSITION_BASED,
    LAST_NON_DIRECT_CLICK;

    private final String dbName = name().toLowerCase(Locale.ROOT); // computed once: rollups ask per credit

    /** The name stored in the database and used in configuration: {@code first_click}, {@code time_decay}, … */
    public String dbName() {
        return dbName;
    }

    /**
     * The model with this database name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static AttributionModel fromDbName(String dbName) {
        return Arrays.stream(values())
                .filter(m -> m.dbName().equals(dbName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown attribution model '" + dbName
                        + "', expected one of " + Arrays.stream(values()).map(AttributionModel::dbName).toList()));
    }
}
