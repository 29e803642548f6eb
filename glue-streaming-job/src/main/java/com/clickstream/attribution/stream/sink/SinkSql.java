package com.clickstream.attribution.stream.sink;

/**
 * Every statement the streaming sink runs, grouped by table (one place per table). All values are
 * bind parameters or come from the session's temp tables, filled with COPY.
 */
final class SinkSql {

    private SinkSql() {
    }

    // ---- ecommerce.stream_progress: the exactly-once ledger --------------------------------------

    /** First statement of every batch transaction: 0 rows inserted = the batch was committed before. */
    static final String CLAIM_BATCH = """
            INSERT INTO ecommerce.stream_progress (query_name, batch_id) VALUES (?, ?)
            ON CONFLICT (query_name, batch_id) DO NOTHING""";

    /**
     * The counters recorded for a batch id (locked: this transaction updates them); no row = the batch
     * id was never written. Read for the batch and for the batch id after it (see
     * {@link PostgresBatchWriter}: a re-run that read less carries the rest there).
     */
    static final String COUNTED_SO_FAR = """
            SELECT events_in, rejected, late_dropped FROM ecommerce.stream_progress
            WHERE query_name = ? AND batch_id = ? FOR UPDATE""";

    /** The counters of this run of the batch (replacing an earlier run's) and the rows it wrote. */
    static final String RECORD_COUNTED = """
            UPDATE ecommerce.stream_progress
               SET rows_written = rows_written + ?, events_in = ?, rejected = ?, late_dropped = ?,
                   committed_at = now()
             WHERE query_name = ? AND batch_id = ?""";

    /**
     * Records counted by an interrupted earlier run of a batch beyond what its re-run read: they are
     * owed to the next batch id, which will read them again and must not count them twice.
     */
    static final String CARRY_TO_NEXT = """
            INSERT INTO ecommerce.stream_progress (query_name, batch_id, events_in, rejected, late_dropped)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (query_name, batch_id) DO UPDATE SET
                events_in = EXCLUDED.events_in, rejected = EXCLUDED.rejected, late_dropped = EXCLUDED.late_dropped""";

    /** A carry the next batch id no longer owes (its row stays: the sink's role may not delete ledger rows). */
    static final String CLEAR_CARRY = """
            UPDATE ecommerce.stream_progress SET events_in = 0, rejected = 0, late_dropped = 0
             WHERE query_name = ? AND batch_id = ? AND (events_in, rejected, late_dropped) <> (0, 0, 0)""";

    // ---- ecommerce.attributed_checkouts ----------------------------------------------------------

    static final String STAGE_CHECKOUTS = """
            CREATE TEMP TABLE stage_checkouts (
                checkout_id text, user_id text, checkout_ts timestamptz, revenue numeric(12,2), currency text,
                attributed boolean, attributed_click_id text COLLATE "C", click_ts timestamptz, traffic_source text,
                campaign_id text, device_type text, first_product_id text, first_product_category text
            ) ON COMMIT DROP""";

    static final String COPY_CHECKOUTS = "COPY stage_checkouts FROM STDIN (FORMAT csv)";

    /**
     * The owner-then-min-rule upsert (docs/attribution.md; the order {@code CheckoutOwner.ANSWERS}, whose
     * Javadoc quotes this guard). A checkout id normally has one copy, and then only the min rule acts: a
     * new checkout is inserted; an existing row changes only when the incoming answer is attributed and
     * the stored one is not, or the incoming click is earlier by {@code (click_ts, click_id COLLATE "C")}.
     *
     * <p>A bad producer may reuse a checkout id for two users; the state is per user, so each copy gets an
     * answer. The row belongs to the <b>owner</b>, the copy with the smallest
     * {@code (checkout_ts, revenue, currency, user_id)} (strings by code point), as the reconciler decides:
     * <ul>
     *   <li>{@code incoming} keeps one row per id, the owner's best, because {@code ON CONFLICT DO UPDATE}
     *       may not touch a row twice in one statement (the whole batch would fail, on every retry);</li>
     *   <li>a smaller owner replaces the whole row, facts and click, so no other user's click or
     *       facts stay behind; a larger owner changes nothing; the same owner goes by the min rule.</li>
     * </ul>
     * An equal or worse answer leaves the row (and its version) alone, so a replay is a no-op, and the
     * result does not depend on which copy arrived first.
     *
     * <p>Returns the rows written, of them attributed and unattributed, and the revenue the batch added to
     * the table: a new row's revenue, or the change where an owner replaced another copy's row. The main
     * query reads the table in the statement's snapshot, i.e. as it was before {@code written}.
     */
    static final String UPSERT_CHECKOUTS = """
            WITH incoming AS (
                SELECT DISTINCT ON (checkout_id) *
                FROM stage_checkouts
                ORDER BY checkout_id, checkout_ts, revenue, currency COLLATE "C", user_id COLLATE "C",
                         attributed DESC, click_ts, attributed_click_id COLLATE "C"
            ), written AS (
                INSERT INTO ecommerce.attributed_checkouts AS t (
                    checkout_id, user_id, checkout_ts, revenue, currency, attributed, attributed_click_id, click_ts,
                    traffic_source, campaign_id, device_type, first_product_id, first_product_category, written_by)
                SELECT checkout_id, user_id, checkout_ts, revenue, currency, attributed, attributed_click_id, click_ts,
                       traffic_source, campaign_id, device_type, first_product_id, first_product_category, 'stream'
                FROM incoming
                ON CONFLICT (checkout_id) DO UPDATE SET
                    user_id = EXCLUDED.user_id,
                    checkout_ts = EXCLUDED.checkout_ts,
                    revenue = EXCLUDED.revenue,
                    currency = EXCLUDED.currency,
                    attributed = EXCLUDED.attributed,
                    attributed_click_id = EXCLUDED.attributed_click_id,
                    click_ts = EXCLUDED.click_ts,
                    traffic_source = EXCLUDED.traffic_source,
                    campaign_id = EXCLUDED.campaign_id,
                    device_type = EXCLUDED.device_type,
                    first_product_id = EXCLUDED.first_product_id,
                    first_product_category = EXCLUDED.first_product_category,
                    written_by = 'stream',
                    updated_at = now(),
                    version = t.version + 1
                WHERE (EXCLUDED.checkout_ts, EXCLUDED.revenue, EXCLUDED.currency COLLATE "C", EXCLUDED.user_id COLLATE "C")
                        < (t.checkout_ts, t.revenue, t.currency COLLATE "C", t.user_id COLLATE "C")
                   OR ((EXCLUDED.checkout_ts, EXCLUDED.revenue, EXCLUDED.currency COLLATE "C", EXCLUDED.user_id COLLATE "C")
                         = (t.checkout_ts, t.revenue, t.currency COLLATE "C", t.user_id COLLATE "C")
                       AND EXCLUDED.attributed
                       AND (NOT t.attributed
                            OR (EXCLUDED.click_ts, EXCLUDED.attributed_click_id COLLATE "C")
                               < (t.click_ts, t.attributed_click_id COLLATE "C")))
                RETURNING (xmax = 0) AS inserted, checkout_id, attributed, revenue
            )
            SELECT count(*),
                   count(*) FILTER (WHERE w.attributed),
                   count(*) FILTER (WHERE NOT w.attributed),
                   coalesce(sum(CASE WHEN w.inserted THEN w.revenue ELSE w.revenue - before.revenue END), 0)
            FROM written w
            LEFT JOIN ecommerce.attributed_checkouts before USING (checkout_id)""";

    // ---- ecommerce.checkout_items -----------------------------------------------------------------

    static final String STAGE_ITEMS = """
            CREATE TEMP TABLE stage_items (
                checkout_id text, line_no integer, product_id text, product_name text, unit_price numeric(10,2),
                quantity integer
            ) ON COMMIT DROP""";

    static final String COPY_ITEMS = "COPY stage_items FROM STDIN (FORMAT csv)";

    /** A checkout event is immutable: its items are written once, copies add nothing. */
    static final String INSERT_ITEMS = """
            INSERT INTO ecommerce.checkout_items (checkout_id, line_no, product_id, product_name, unit_price, quantity)
            SELECT checkout_id, line_no, product_id, product_name, unit_price, quantity FROM stage_items
            ON CONFLICT (checkout_id, line_no) DO NOTHING""";

    // ---- ecommerce.dead_letters -------------------------------------------------------------------

    static final String STAGE_DEAD_LETTERS = """
            CREATE TEMP TABLE stage_dead_letters (
                event_type text, reason_code text, detail text, payload text, stream_name text, partition_key text,
                sequence_number text
            ) ON COMMIT DROP""";

    static final String COPY_DEAD_LETTERS = "COPY stage_dead_letters FROM STDIN (FORMAT csv)";

    /** A Kinesis record already kept (e.g. read again by a new checkpoint) is not kept twice. */
    static final String INSERT_DEAD_LETTERS = """
            INSERT INTO ecommerce.dead_letters (
                source, event_type, reason_code, detail, payload, stream_name, partition_key, sequence_number)
            SELECT 'stream', event_type, reason_code, detail, payload, stream_name, partition_key, sequence_number
            FROM stage_dead_letters
            ON CONFLICT (source, stream_name, partition_key, sequence_number) WHERE sequence_number IS NOT NULL
            DO NOTHING""";

    // ---- ecommerce.stream_metrics -----------------------------------------------------------------

    /** Additive per-minute counters (processing-time minute of the batch). */
    static final String ADD_METRICS = """
            INSERT INTO ecommerce.stream_metrics AS m (
                minute, query_name, events_in, rejected, late_dropped, attributed, unattributed, revenue)
            VALUES (date_trunc('minute', now(), 'UTC'), ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (minute, query_name) DO UPDATE SET
                events_in = m.events_in + EXCLUDED.events_in,
                rejected = m.rejected + EXCLUDED.rejected,
                late_dropped = m.late_dropped + EXCLUDED.late_dropped,
                attributed = m.attributed + EXCLUDED.attributed,
                unattributed = m.unattributed + EXCLUDED.unattributed,
                revenue = m.revenue + EXCLUDED.revenue,
                updated_at = now()""";
}
