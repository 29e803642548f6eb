-- The answer of the pipeline: one row per checkout, credited to the user's first click inside the
-- attribution window (docs/attribution.md, DESIGN §5), plus the checkout's line items.

CREATE TABLE ecommerce.attributed_checkouts (
    checkout_id              text          PRIMARY KEY,
    user_id                  text          NOT NULL,
    checkout_ts              timestamptz   NOT NULL,
    revenue                  numeric(12,2) NOT NULL CHECK (revenue >= 0),
    currency                 text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    attributed               boolean       NOT NULL,
    attributed_click_id      text COLLATE "C",
    click_ts                 timestamptz,
    traffic_source           text          NOT NULL DEFAULT 'unattributed',
    campaign_id              text,
    device_type              text,
    first_product_id         text,
    first_product_category   text,
    time_to_purchase_seconds numeric(12,3) GENERATED ALWAYS AS (extract(epoch FROM checkout_ts - click_ts)) STORED,
    written_by               text          NOT NULL CHECK (written_by IN ('stream', 'reconciler')),
    updated_at               timestamptz   NOT NULL DEFAULT now(),
    version                  integer       NOT NULL DEFAULT 1 CHECK (version >= 1),

    -- Unattributed means "no candidate click": no click columns, and the reserved source name.
    CONSTRAINT attributed_checkouts_unattributed_has_no_click CHECK (
        attributed OR (
            traffic_source = 'unattributed'
            AND attributed_click_id IS NULL AND click_ts IS NULL AND campaign_id IS NULL
            AND device_type IS NULL AND first_product_id IS NULL AND first_product_category IS NULL)),
    -- Attributed means a real click: every required click field present, and never the reserved name.
    CONSTRAINT attributed_checkouts_attributed_has_click CHECK (
        NOT attributed OR (
            traffic_source <> 'unattributed'
            AND attributed_click_id IS NOT NULL AND click_ts IS NOT NULL AND device_type IS NOT NULL
            AND first_product_id IS NOT NULL AND first_product_category IS NOT NULL)),
    -- Candidates satisfy checkout_ts - W <= click_ts <= checkout_ts; W is configuration, the upper bound is not.
    CONSTRAINT attributed_checkouts_click_not_after_checkout CHECK (click_ts <= checkout_ts)
);

COMMENT ON TABLE ecommerce.attributed_checkouts IS
    'One row per checkout (first-click attribution). Written by the streaming job (provisional, within seconds) '
    'and by the batch reconciler (corrections from the complete raw history). Both upsert with the min rule: '
    'keep the earlier (click_ts, attributed_click_id), prefer attributed over unattributed, and only touch the row '
    '(updated_at = now(), version = version + 1) when the answer changes, so replays are no-ops. '
    'The reconciler may also replace a stream answer it knows to be wrong (e.g. a duplicate click); it records '
    'every such change in attribution_corrections.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.checkout_id IS 'The checkout event_id (= order id).';
COMMENT ON COLUMN ecommerce.attributed_checkouts.checkout_ts IS 'Checkout event time (event_ts), not arrival time.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.revenue IS 'The checkout total_amount, in currency.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.attributed IS
    'True when at least one click of the same user lies in [checkout_ts - W, checkout_ts]; false rows keep '
    'their revenue under traffic_source ''unattributed'' so totals always add up.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.attributed_click_id IS
    'event_id of the first candidate click (smallest (event_ts, event_id)); null when unattributed. '
    'Collation "C" (code-point order) so id comparisons in the min-rule upsert match Java and Spark.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.traffic_source IS
    'Traffic source of the first click, or the reserved value ''unattributed''.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.device_type IS 'Device of the first click (desktop/mobile/tablet); null when unattributed.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.first_product_id IS 'Product of the first click (the product page the user landed on).';
COMMENT ON COLUMN ecommerce.attributed_checkouts.time_to_purchase_seconds IS
    'checkout_ts - click_ts in seconds, computed by the database (writers must not supply it).';
COMMENT ON COLUMN ecommerce.attributed_checkouts.written_by IS 'Engine that last changed the row: stream or reconciler.';
COMMENT ON COLUMN ecommerce.attributed_checkouts.version IS
    'Starts at 1 on insert; every write that changes the answer increments it. No-op upserts leave it alone.';

CREATE INDEX attributed_checkouts_checkout_ts_idx ON ecommerce.attributed_checkouts (checkout_ts);
CREATE INDEX attributed_checkouts_source_ts_idx ON ecommerce.attributed_checkouts (traffic_source, checkout_ts);
CREATE INDEX attributed_checkouts_user_id_idx ON ecommerce.attributed_checkouts (user_id);
-- Device conversion and the funnel count attributed checkouts by the day of their click.
CREATE INDEX attributed_checkouts_click_ts_idx ON ecommerce.attributed_checkouts (click_ts) WHERE attributed;

CREATE TABLE ecommerce.checkout_items (
    checkout_id  text          NOT NULL REFERENCES ecommerce.attributed_checkouts (checkout_id) ON DELETE CASCADE,
    line_no      integer       NOT NULL CHECK (line_no >= 1),
    product_id   text          NOT NULL,
    product_name text          NOT NULL,
    unit_price   numeric(10,2) NOT NULL CHECK (unit_price >= 0),
    quantity     integer       NOT NULL CHECK (quantity >= 1),
    line_amount  numeric(12,2) GENERATED ALWAYS AS (unit_price * quantity) STORED,
    PRIMARY KEY (checkout_id, line_no)
);

COMMENT ON TABLE ecommerce.checkout_items IS
    'Line items of each checkout (the checkout event''s items[]). Written by whichever engine first writes the '
    'checkout, in the same transaction, with INSERT ... ON CONFLICT DO NOTHING: a checkout event is immutable, '
    'so a duplicate or replay adds nothing. Sum of line_amount per checkout = attributed_checkouts.revenue.';
COMMENT ON COLUMN ecommerce.checkout_items.line_no IS '1-based position of the item in the checkout event''s items array.';
COMMENT ON COLUMN ecommerce.checkout_items.line_amount IS 'unit_price * quantity, computed by the database.';

CREATE INDEX checkout_items_product_id_idx ON ecommerce.checkout_items (product_id);
