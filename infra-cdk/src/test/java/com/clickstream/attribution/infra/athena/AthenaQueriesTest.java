package com.clickstream.attribution.infra.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.clickstream.attribution.db.NamedStatements;
import com.clickstream.attribution.generator.traffic.GeneratedRecord;
import com.clickstream.attribution.generator.traffic.GeneratorConfig;
import com.clickstream.attribution.generator.traffic.RecordKind;
import com.clickstream.attribution.generator.traffic.TrafficGenerator;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawPartition;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every query of db/athena/queries.sql, unchanged, on DuckDB over a raw layout written with
 * raw-store's RawParquetWriter from three hours of generator traffic (late, duplicate, out-of-order and
 * malformed records included; malformed ones are rejected by the parser and, as on AWS, not in the raw
 * tables). The tables {@code clickstream.clicks} / {@code clickstream.checkouts} are DuckDB views over
 * {@code read_parquet('<dir>/raw/<type>/*&#47;*&#47;*.parquet', hive_partitioning=true)} with the partition
 * columns kept as strings, as Athena's projection declares them. Athena itself cannot run here; the SQL is
 * kept to what both engines run the same way, and each answer is checked against an independent
 * computation in Java (first-click against attribution-core's FirstClickAttribution).
 */
class AthenaQueriesTest {

    private static final Path QUERIES = Path.of("..", "db", "athena", "queries.sql");
    private static final Instant START = Instant.parse("2026-11-07T00:00:00Z");
    private static final String DAY = "2026-11-07";

    @TempDir
    static Path dir;

    /** One valid row as it lands in raw/: the parsed event and its arrival partition. */
    record Landed(EventType type, SpecificRecord event, RawPartition partition, GeneratedRecord generated) {
        String eventId() {
            return event instanceof Click c ? c.getEventId() : ((Checkout) event).getEventId();
        }

        long eventTs() {
            return (event instanceof Click c ? c.getEventTs() : ((Checkout) event).getEventTs()).toEpochMilli();
        }
    }

    private static final List<Landed> landed = new ArrayList<>();
    private static Map<String, String> queries;
    private static Connection duck;
    private static int rejected;

    @BeforeAll
    static void landTrafficAndOpenDuckDb() throws IOException, SQLException {
        queries = queries(Files.readString(QUERIES));
        GeneratorConfig config = GeneratorConfig.defaults(START).withSeed(7);
        config = new GeneratorConfig(config.seed(), 400, START, Duration.ofHours(3), 0, 2.0,
                0.02, 0.05, Duration.ofMinutes(10), Duration.ofHours(2), 0.05, Duration.ofSeconds(30),
                0.005, 0.03, 0.2);
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT, Clock.fixed(START.plus(Duration.ofHours(6)), ZoneOffset.UTC));
        Map<RawPartition, List<SpecificRecord>> files = new TreeMap<>((a, b) -> a.prefix().compareTo(b.prefix()));
        for (TrafficGenerator generator = new TrafficGenerator(config); generator.hasNext(); ) {
            GeneratedRecord record = generator.next();
            ParseResult result = parser.parse(record.record().payload());
            if (result instanceof ParseResult.Valid valid) {
                RawPartition partition = RawPartition.of(valid.type(), record.arrivalTime());
                landed.add(new Landed(valid.type(), valid.event(), partition, record));
                files.computeIfAbsent(partition, p -> new ArrayList<>()).add(valid.event());
            } else {
                rejected++;
            }
        }
        for (var file : files.entrySet()) {
            RawPartition p = file.getKey();
            Path path = dir.resolve(RawLayout.objectKey(p.type(), p.start(), "part-00000"));
            Files.createDirectories(path.getParent());
            Files.write(path, new RawParquetWriter(p.type()).write(file.getValue()));
        }
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE SCHEMA clickstream");
            for (EventType type : EventType.values()) {
                s.execute("CREATE VIEW clickstream." + type.stream() + " AS SELECT * FROM read_parquet('"
                        + dir.resolve(RawLayout.typePrefix(type)) + "/*/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
            }
        }
        System.out.printf("[athena on duckdb] %d raw rows in %d files (%d malformed rejected), queries %s%n",
                landed.size(), files.size(), rejected, queries.keySet());
    }

    @AfterAll
    static void close() throws SQLException {
        if (duck != null) {
            duck.close();
        }
    }

    @Test
    void theTrafficHasWhatTheQueriesAreAbout() {
        assertThat(landed).hasSizeGreaterThan(10_000);
        assertThat(landed).anyMatch(l -> l.generated().kind() == RecordKind.DUPLICATE);
        assertThat(landed).anyMatch(l -> l.generated().late());
        assertThat(landed).anyMatch(l -> l.type() == EventType.CHECKOUT);
        assertThat(rejected).isPositive();
        assertThat(queries).containsKeys("events_per_hour", "late_arrival_histogram", "duplicate_check",
                "sessions_per_source", "first_click_revenue_by_source");
    }

    static Stream<String> queryNames() throws IOException {
        return queries(Files.readString(QUERIES)).keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("queryNames")
    void everyQueryRunsUnchangedOnDuckDbAndReturnsRows(String name) throws SQLException {
        assertThat(run(queries.get(name))).isNotEmpty();
    }

    @Test
    void eventsPerHourCountsRecordsDistinctEventsAndDuplicatesPerArrivalHour() throws SQLException {
        Map<String, List<Object>> expected = new TreeMap<>();
        Map<String, List<Landed>> byHour = landed.stream().filter(l -> l.partition().dt().toString().equals(DAY))
                .collect(Collectors.groupingBy(l -> l.type().wireName() + "|" + DAY + "|" + String.format("%02d", l.partition().hour())));
        byHour.forEach((key, rows) -> {
            long distinct = rows.stream().map(Landed::eventId).distinct().count();
            expected.put(key, List.of((long) rows.size(), distinct, rows.size() - distinct));
        });
        Map<String, List<Object>> actual = new TreeMap<>();
        for (Map<String, Object> r : run(queries.get("events_per_hour"))) {
            actual.put(r.get("event_type") + "|" + r.get("dt") + "|" + r.get("hour"),
                    List.of(r.get("records"), r.get("distinct_events"), r.get("duplicate_records")));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values()).anyMatch(v -> (Long) v.get(2) > 0);
    }

    @Test
    void lateArrivalHistogramMatchesTheGeneratorsArrivalAndEventTimes() throws SQLException {
        Map<String, Long> expected = new TreeMap<>();
        for (Landed l : landed) {
            if (!l.partition().dt().toString().equals(DAY)) {
                continue;
            }
            // independent of the SQL's arithmetic: whole hours between the two truncated instants
            long hoursLate = Duration.between(
                    Instant.ofEpochMilli(l.generated().eventTime().toEpochMilli()).truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                    l.generated().arrivalTime().truncatedTo(java.time.temporal.ChronoUnit.HOURS)).toHours();
            expected.merge(l.type().wireName() + "|" + hoursLate, 1L, Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (Map<String, Object> r : run(queries.get("late_arrival_histogram"))) {
            actual.put(r.get("event_type") + "|" + r.get("hours_late"), (Long) r.get("records"));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.keySet()).anyMatch(k -> Long.parseLong(k.substring(k.indexOf('|') + 1)) >= 2);
    }

    @Test
    void duplicateCheckFindsExactlyTheIdsThatLandedTwiceAndNoConflicts() throws SQLException {
        Map<String, Long> copies = landed.stream().collect(Collectors.groupingBy(
                l -> l.type().wireName() + "|" + l.eventId(), TreeMap::new, Collectors.counting()));
        copies.values().removeIf(n -> n < 2);
        Map<String, Long> actual = new TreeMap<>();
        for (Map<String, Object> r : run(queries.get("duplicate_check"))) {
            actual.put(r.get("event_type") + "|" + r.get("event_id"), (Long) r.get("copies"));
            assertThat(r.get("conflicting")).isEqualTo(false); // the generator repeats the same bytes
        }
        assertThat(actual).isNotEmpty().isEqualTo(copies);
    }

    @Test
    void sessionsPerSourceCountsDistinctSessionsUsersClicksAndConversions() throws SQLException {
        Set<String> checkoutSessions = landed.stream().filter(l -> l.type() == EventType.CHECKOUT)
                .map(l -> ((Checkout) l.event()).getSessionId()).collect(Collectors.toSet());
        Map<String, List<Click>> bySource = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Landed l : landed) {
            if (l.event() instanceof Click c && seen.add(c.getEventId())) {
                bySource.computeIfAbsent(c.getTrafficSource(), s -> new ArrayList<>()).add(c);
            }
        }
        Map<String, List<Object>> expected = new TreeMap<>();
        bySource.forEach((source, clicks) -> {
            Set<String> sessions = clicks.stream().map(Click::getSessionId).collect(Collectors.toSet());
            expected.put(source, List.of((long) sessions.size(),
                    clicks.stream().map(Click::getUserId).distinct().count(),
                    (long) clicks.size(),
                    sessions.stream().filter(checkoutSessions::contains).count()));
        });
        Map<String, List<Object>> actual = new TreeMap<>();
        for (Map<String, Object> r : run(queries.get("sessions_per_source"))) {
            actual.put((String) r.get("traffic_source"), List.of(r.get("sessions"), r.get("users"), r.get("clicks"),
                    r.get("converting_sessions")));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void firstClickQueryEqualsAttributionCoreOverTheSameEvents() throws SQLException {
        assertThat(queries.get("first_click_revenue_by_source"))
                .contains("co.event_ts - " + AttributionWindow.DEFAULT_LENGTH.toMillis() + " AND co.event_ts");
        Map<String, Checkout> checkouts = new LinkedHashMap<>();
        Map<String, Click> clicks = new LinkedHashMap<>();
        for (Landed l : landed) {
            if (l.event() instanceof Checkout c) {
                checkouts.putIfAbsent(c.getEventId(), c);
            } else {
                clicks.putIfAbsent(l.eventId(), (Click) l.event());
            }
        }
        Map<String, List<Click>> clicksByUser = clicks.values().stream().collect(Collectors.groupingBy(Click::getUserId));
        Map<String, Long> count = new TreeMap<>();
        Map<String, BigDecimal> revenue = new TreeMap<>();
        for (Checkout checkout : checkouts.values()) {
            Attribution a = FirstClickAttribution.attribute(checkout,
                    clicksByUser.getOrDefault(checkout.getUserId(), List.of()), AttributionWindow.DEFAULT);
            count.merge(a.trafficSource(), 1L, Long::sum);
            revenue.merge(a.trafficSource(), a.revenue(), BigDecimal::add);
        }
        Map<String, Long> actualCount = new TreeMap<>();
        Map<String, BigDecimal> actualRevenue = new TreeMap<>();
        for (Map<String, Object> r : run(queries.get("first_click_revenue_by_source"))) {
            actualCount.put((String) r.get("traffic_source"), (Long) r.get("checkouts"));
            actualRevenue.put((String) r.get("traffic_source"), ((BigDecimal) r.get("revenue")).stripTrailingZeros());
        }
        revenue.replaceAll((k, v) -> v.stripTrailingZeros());
        assertThat(actualCount).isEqualTo(count);
        assertThat(actualRevenue).isEqualTo(revenue);
        assertThat(count).containsKey(Attribution.UNATTRIBUTED).hasSizeGreaterThan(3);
        System.out.println("[athena on duckdb] first-click checkouts by source = " + count);
    }

    private static List<Map<String, Object>> run(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.put(rs.getMetaData().getColumnLabel(i), value instanceof Integer n ? (Object) n.longValue() : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** name -> SQL (without the trailing semicolon) of each {@code -- name: x} block. */
    static Map<String, String> queries(String file) {
        return NamedStatements.parse(file);
    }
}
