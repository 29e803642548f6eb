package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.curated.CuratedAttribution;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.reconciler.ReconcilerApplication;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.reconciler.curated.CuratedRows;
import com.clickstream.attribution.reconciler.curated.CuratedStore;
import com.clickstream.attribution.reconciler.curated.RunManifest;
import com.clickstream.attribution.reconciler.launch.ReconciliationLauncher;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reconciler application on the test's embedded PostgreSQL and s3proxy, in mode {@code none}:
 * tests launch runs through {@link ReconciliationLauncher} as the command line would.
 */
public final class ReconcilerHarness implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final JdbcTemplate jdbc;

    private ReconcilerHarness(ConfigurableApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    public static ReconcilerHarness start(PostgresExtension postgres, S3ServerExtension s3, String bucket, Path workDir,
            Map<String, Object> extraProperties, Class<?>... extraConfiguration) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", postgres.jdbcUrl());
        properties.put("spring.datasource.username", postgres.user());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("reconciler.mode", "none");
        properties.put("reconciler.s3.bucket", bucket);
        properties.put("spring.cloud.aws.s3.endpoint", s3.endpoint().toString());
        properties.put("spring.cloud.aws.s3.path-style-access-enabled", "true");
        properties.put("spring.cloud.aws.credentials.access-key", S3ServerExtension.ACCESS_KEY);
        properties.put("spring.cloud.aws.credentials.secret-key", S3ServerExtension.SECRET_KEY);
        properties.put("reconciler.work-dir", workDir.toString());
        properties.put("reconciler.chunk-size", "3");
        properties.put("reconciler.workers", "2");
        properties.putAll(extraProperties);
        List<Class<?>> sources = new ArrayList<>(List.of(ReconcilerApplication.class));
        sources.addAll(List.of(extraConfiguration));
        // As command-line properties: they must win over application.properties.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .web(WebApplicationType.NONE)
                .run(args);
        return new ReconcilerHarness(context);
    }

    /** Runs (or restarts) a reconciliation with command-line style options. */
    public ReconciliationLauncher.Outcome reconcile(Map<String, String> options) throws Exception {
        return context.getBean(ReconciliationLauncher.class)
                .launch(ReconciliationParameters.fromOptions(options, Clock.systemUTC()));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String[] beanNames(Class<?> type) {
        return context.getBeanNamesForType(type);
    }

    /** The stream's provisional row, written as the streaming sink would (written_by 'stream', version 1). */
    public void seedStreamRow(Attribution row) {
        seedStreamRow(jdbc, row);
    }

    /** As {@link #seedStreamRow(Attribution)}, through any connection (e.g. the owner's, outside a harness). */
    public static void seedStreamRow(JdbcTemplate jdbc, Attribution row) {
        jdbc.update("""
                INSERT INTO ecommerce.attributed_checkouts (checkout_id, user_id, checkout_ts, revenue, currency, attributed,
                    attributed_click_id, click_ts, traffic_source, campaign_id, device_type, first_product_id,
                    first_product_category, written_by, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stream', 1)
                """, row.checkoutId(), row.userId(), ts(row.checkoutTs()), row.revenue(), row.currency(), row.attributed(),
                row.click().map(c -> c.clickId()).orElse(null), row.click().map(c -> ts(c.clickTs())).orElse(null),
                row.trafficSource(), row.click().map(c -> c.campaignId()).orElse(null),
                row.click().map(c -> c.deviceType()).orElse(null), row.click().map(c -> c.productId()).orElse(null),
                row.click().map(c -> c.productCategory()).orElse(null));
    }

    /** attributed_checkouts as answers, by checkout id. */
    public Map<String, Attribution> table() {
        Map<String, Attribution> rows = new TreeMap<>();
        jdbc.query("SELECT checkout_id FROM ecommerce.attributed_checkouts", rs -> {
            rows.put(rs.getString(1), null);
        });
        var loaded = new com.clickstream.attribution.reconciler.diff.StoredAttributions(jdbc).load(rows.keySet());
        loaded.forEach((id, row) -> rows.put(id, row.answer()));
        return rows;
    }

    /** The answers in a run's curated attribution files (the files its manifest lists), by checkout id. */
    public Map<String, Attribution> curated(long runId) {
        CuratedStore store = bean(CuratedStore.class);
        Map<String, Attribution> answers = new TreeMap<>();
        for (RunManifest.BucketFiles files : store.manifest(runId).orElseThrow().files()) {
            for (String key : files.attributions()) {
                store.readParquet(key, CuratedAttribution.getClassSchema(), CuratedAttribution.class)
                        .forEach(row -> answers.put(row.getCheckoutId(), CuratedRows.recomputed(row).answer()));
            }
        }
        return answers;
    }

    /** One ledger row. */
    public record LedgerRow(long runId, String checkoutId, Boolean oldAttributed, String oldClickId, String oldSource,
            BigDecimal oldRevenue, boolean newAttributed, String newClickId, String newSource, BigDecimal newRevenue,
            String reason) {
    }

    public List<LedgerRow> ledger() {
        return jdbc.query("""
                SELECT run_id, checkout_id, old_attributed, old_click_id, old_traffic_source, old_revenue, new_attributed,
                       new_click_id, new_traffic_source, new_revenue, reason
                FROM ecommerce.attribution_corrections ORDER BY id
                """, (rs, i) -> new LedgerRow(rs.getLong(1), rs.getString(2), (Boolean) rs.getObject(3), rs.getString(4),
                rs.getString(5), rs.getBigDecimal(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                rs.getBigDecimal(10), rs.getString(11)));
    }

    /** The run row's main columns. */
    public Map<String, Object> run(long runId) {
        return jdbc.queryForMap("SELECT run_id, job_execution_id, status, events_read, duplicates, checkouts, corrections, "
                + "skipped_objects, skips::text AS skips, summary::text AS summary, finished_at "
                + "FROM ecommerce.reconciliation_runs WHERE run_id = ?", runId);
    }

    /** versions by checkout id */
    public Map<String, Integer> versions() {
        Map<String, Integer> out = new HashMap<>();
        jdbc.query("SELECT checkout_id, version FROM ecommerce.attributed_checkouts", rs -> {
            out.put(rs.getString(1), rs.getInt(2));
        });
        return out;
    }

    /**
     * The reference: attribution-core's first-click over the whole raw history, for the checkouts of
     * {@code [from, to)}. Copies of a checkout are identical in the tests, so the first is kept.
     */
    public static Map<String, Attribution> expected(List<SpecificRecord> raw, Instant from, Instant to,
            AttributionWindow window) {
        Map<String, List<Click>> clicks = new HashMap<>();
        Map<String, Checkout> checkouts = new LinkedHashMap<>();
        for (SpecificRecord event : raw) {
            if (event instanceof Click click) {
                clicks.computeIfAbsent(click.getUserId(), u -> new ArrayList<>()).add(click);
            } else {
                Checkout checkout = (Checkout) event;
                checkouts.putIfAbsent(checkout.getEventId(), checkout);
            }
        }
        Map<String, Attribution> out = new TreeMap<>();
        for (Checkout checkout : checkouts.values()) {
            if (!checkout.getEventTs().isBefore(from) && checkout.getEventTs().isBefore(to)) {
                // The rule itself filters by user; grouping only keeps a large test fast.
                out.put(checkout.getEventId(), FirstClickAttribution.attribute(checkout,
                        clicks.getOrDefault(checkout.getUserId(), List.of()), window));
            }
        }
        return out;
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        context.close();
    }
}
