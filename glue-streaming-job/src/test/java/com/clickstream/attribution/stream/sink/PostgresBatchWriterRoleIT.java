package com.clickstream.attribution.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.FirstClickMerge;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.stream.StoredRows;
import com.clickstream.attribution.stream.TestEvents;
import com.clickstream.attribution.stream.sink.model.AttributedCheckoutRow;
import com.clickstream.attribution.stream.sink.model.CheckoutItemRow;
import com.clickstream.attribution.stream.sink.model.DeadLetterRow;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@link PostgresBatchWriter} as a login user of the least-privilege role
 * {@code clickstream_stream_writer} (migration V7), created the way operations create it: batches with
 * answers, items and dead letters, a better answer later, an exact replay and a replay that read more
 * records all commit, with the same results the min rule (attribution-core's {@link FirstClickMerge}) and
 * the replay arithmetic give; the same user cannot empty or drop the table it writes.
 */
class PostgresBatchWriterRoleIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    static final String ROLE = "clickstream_stream_writer";
    static final String USER = "stream_app";

    private final Checkout o1 = TestEvents.checkout("o-1", "u1", TestEvents.minutes(60), "30.00");
    private final Checkout o2 = TestEvents.checkout("o-2", "u2", TestEvents.minutes(70), "12.50");
    private final Click late = TestEvents.click("k-late", "u1", TestEvents.minutes(50), "email");
    private final Click early = TestEvents.click("k-early", "u1", TestEvents.minutes(40), "google");
    private final Click k2 = TestEvents.click("k-2", "u2", TestEvents.minutes(65), "facebook");

    @Test
    void theSinkWritesAndReplaysBatchesAsTheStreamWriterRole() throws Exception {
        String password = createLoginUser();
        StoredRows stored = new StoredRows(POSTGRES.dataSource()); // read back as the owner

        SinkBatch b0 = batch(List.of(Attribution.attributedTo(o1, late), Attribution.unattributed(o2)),
                List.of(dead("1"), dead("2")), 6, 1);
        SinkBatch b1 = batch(List.of(Attribution.attributedTo(o1, early), Attribution.attributedTo(o2, k2)),
                List.of(dead("2"), dead("3")), 4, 0);
        SinkBatch b1Reread = batch(List.of(Attribution.attributedTo(o1, early), Attribution.attributedTo(o2, k2)),
                List.of(dead("2"), dead("3"), dead("4")), 6, 0);

        List<PostgresBatchWriter.Outcome> outcomes = new ArrayList<>();
        String session;
        try (PostgresBatchWriter writer = new PostgresBatchWriter(new DatabaseSettings(POSTGRES.jdbcUrl(), USER, password))) {
            outcomes.add(writer.write("checkouts/role", 0, b0));
            outcomes.add(writer.write("checkouts/role", 1, b1));
            var tableAfterTwo = stored.checkouts();
            var metricsAfterTwo = stored.metrics();
            outcomes.add(writer.write("checkouts/role", 0, b0)); // exact replay
            assertThat(stored.checkouts()).isEqualTo(tableAfterTwo);
            assertThat(stored.metrics()).isEqualTo(metricsAfterTwo);
            outcomes.add(writer.write("checkouts/role", 1, b1Reread)); // replay that read more records
            session = sessionUserOf("streaming-attribution");
        }

        assertThat(session).as("the writer's own connection logs in as the role user").isEqualTo(USER);
        assertThat(outcomes).extracting(PostgresBatchWriter.Outcome::replay).containsExactly(false, false, true, true);
        assertThat(outcomes.get(2).rowsWritten()).isZero();

        // the table is the min rule over every answer written, in attribution-core's terms
        Map<String, Attribution> expected = new LinkedHashMap<>();
        for (SinkBatch b : List.of(b0, b1, b0, b1Reread)) {
            for (AttributedCheckoutRow row : b.checkouts()) {
                expected.merge(row.checkoutId(), answerOf(row), FirstClickMerge::merge);
            }
        }
        expected.forEach((id, answer) -> {
            StoredRows.Checkout row = stored.checkout(id);
            assertThat(row.attributed()).as(id).isEqualTo(answer.attributed());
            assertThat(row.clickId()).as(id).isEqualTo(answer.click().map(c -> c.clickId()).orElse(null));
            assertThat(row.trafficSource()).as(id).isEqualTo(answer.trafficSource());
            assertThat(row.writtenBy()).isEqualTo("stream");
        });
        // items and dead letters once each; counters: per batch id the most any run of it counted
        assertThat(stored.count("checkout_items")).isEqualTo(distinct(List.of(b0, b1, b1Reread), true));
        assertThat(stored.count("dead_letters")).isEqualTo(distinct(List.of(b0, b1, b1Reread), false));
        StoredRows.Metrics metrics = stored.metrics();
        assertThat(metrics.eventsIn()).isEqualTo(b0.eventsIn() + Math.max(b1.eventsIn(), b1Reread.eventsIn()));
        assertThat(metrics.rejected()).isEqualTo(b0.rejected() + Math.max(b1.rejected(), b1Reread.rejected()));
        assertThat(metrics.lateDropped()).isEqualTo(b0.lateDropped() + b1.lateDropped());
        assertThat(metrics.revenue()).as("revenue of the checkouts first written")
                .isEqualByComparingTo(expected.values().stream().map(Attribution::revenue).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(stored.progressKeys()).containsExactly("checkouts/role");

        // and the same login cannot empty, drop or delete from the table it writes
        for (String statement : List.of("TRUNCATE ecommerce.attributed_checkouts",
                "DROP TABLE ecommerce.attributed_checkouts", "DELETE FROM ecommerce.attributed_checkouts",
                "ALTER TABLE ecommerce.stream_progress DROP COLUMN rows_written")) {
            assertThatThrownBy(() -> {
                try (Connection c = DriverManager.getConnection(POSTGRES.jdbcUrl(), USER, password);
                     Statement st = c.createStatement()) {
                    st.execute(statement);
                }
            }).as(statement).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        System.out.printf("PostgresBatchWriterRoleIT: as %s (role %s): 4 writes (2 batches, 2 replays) committed; "
                + "%d checkouts, %d items, %d dead letters, events_in %d; TRUNCATE/DROP/DELETE/ALTER refused%n",
                USER, ROLE, expected.size(), stored.count("checkout_items"), stored.count("dead_letters"),
                metrics.eventsIn());
    }

    /** CREATE ROLE ... LOGIN and GRANT clickstream_stream_writer, as operations do; returns the password. */
    private static String createLoginUser() throws SQLException {
        String password = UUID.randomUUID().toString();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement st = c.createStatement()) {
            // DDL takes no bind parameters: the server quotes name and password (format %I / %L).
            st.execute(format(c, "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)", USER, password));
            st.execute(format(c, "SELECT format('GRANT %I TO %I', ?::text, ?::text)", ROLE, USER));
        }
        return password;
    }

    private static String format(Connection c, String sql, String a, String b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String sessionUserOf(String applicationName) throws SQLException {
        try (Connection c = POSTGRES.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT usename FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Attribution answerOf(AttributedCheckoutRow row) {
        Checkout checkout = row.checkoutId().equals("o-1") ? o1 : o2;
        if (!row.attributed()) {
            return Attribution.unattributed(checkout);
        }
        Click click = List.of(late, early, k2).stream().filter(k -> k.getEventId().equals(row.attributedClickId()))
                .findFirst().orElseThrow();
        return Attribution.attributedTo(checkout, click);
    }

    private static long distinct(List<SinkBatch> batches, boolean items) {
        Set<String> keys = new HashSet<>();
        for (SinkBatch b : batches) {
            if (items) {
                b.items().forEach(i -> keys.add(i.checkoutId() + "/" + i.lineNo()));
            } else {
                b.deadLetters().forEach(d -> keys.add(d.streamName() + "/" + d.partitionKey() + "/" + d.sequenceNumber()));
            }
        }
        return keys.size();
    }

    private static DeadLetterRow dead(String sequenceNumber) {
        return new DeadLetterRow(null, "not_json", "unexpected end", "{\"event_id\":", "clicks", "u9", sequenceNumber);
    }

    private static AttributedCheckoutRow row(Attribution a) {
        var click = a.click().orElse(null);
        return new AttributedCheckoutRow(a.checkoutId(), a.userId(), a.checkoutTs(), a.revenue(), a.currency(),
                a.attributed(), click == null ? null : click.clickId(), click == null ? null : click.clickTs(),
                a.trafficSource(), click == null ? null : click.campaignId(), click == null ? null : click.deviceType(),
                click == null ? null : click.productId(), click == null ? null : click.productCategory());
    }

    private static SinkBatch batch(List<Attribution> answers, List<DeadLetterRow> deadLetters, long eventsIn,
            long lateDropped) {
        List<CheckoutItemRow> items = new ArrayList<>();
        for (Attribution a : answers) {
            items.add(new CheckoutItemRow(a.checkoutId(), 1, "p-1", "Product 1", a.revenue(), 1));
        }
        return new SinkBatch(answers.stream().map(PostgresBatchWriterRoleIT::row).toList(), items, deadLetters, eventsIn,
                lateDropped, 0);
    }
}
