-- Dimensions: who buys (users) and what is sold (products).
-- Flyway creates the schema `ecommerce` (DatabaseMigrator); every name is schema-qualified anyway so
-- the scripts read the same in psql.
-- Conventions for every migration: days and hours are UTC; money is numeric with 2 decimals;
-- enumerations are text + CHECK (cheap to extend in a later migration, unlike enum types).

CREATE TABLE ecommerce.users (
    user_id        text          PRIMARY KEY,
    segment        text          NOT NULL CHECK (segment <> ''),
    signup_date    date          NOT NULL,
    lifetime_value numeric(12,2) NOT NULL DEFAULT 0 CHECK (lifetime_value >= 0),
    updated_at     timestamptz   NOT NULL DEFAULT now()
);

COMMENT ON TABLE ecommerce.users IS
    'One row per known user. Written by the generator''s reference-data load (locally by the local runtime; '
    'in production by whatever owns the customer master), upserted by user_id. Checkouts may arrive for '
    'users not (yet) here: queries left-join and report them as segment ''unknown''.';
COMMENT ON COLUMN ecommerce.users.segment IS
    'Customer segment as the generator (or the shop) defines it: new, returning, vip, dormant, ... Current value only (no history): '
    'segment reports use the segment a user has today.';
COMMENT ON COLUMN ecommerce.users.lifetime_value IS
    'Lifetime revenue as reported by the source system; not recomputed from attributed_checkouts.';

CREATE TABLE ecommerce.products (
    product_id text          PRIMARY KEY,
    name       text          NOT NULL,
    category   text          NOT NULL,
    price      numeric(10,2) NOT NULL CHECK (price >= 0),
    updated_at timestamptz   NOT NULL DEFAULT now()
);

COMMENT ON TABLE ecommerce.products IS
    'Product catalog. Written by the generator''s reference-data load (catalog), upserted by product_id. '
    'Category reports take the category from here; line items of unknown products report as ''unknown''.';
COMMENT ON COLUMN ecommerce.products.price IS 'Current list price; the price actually paid is checkout_items.unit_price.';
