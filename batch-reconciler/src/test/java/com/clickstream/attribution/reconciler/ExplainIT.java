package com.clickstream.attribution.reconciler;

import static com.clickstream.attribution.reconciler.support.Events.checkout;
import static com.clickstream.attribution.reconciler.support.Events.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.reconciler.explain.ExplainSources;
import com.clickstream.attribution.reconciler.launch.ExplainCommand;
import com.clickstream.attribution.reconciler.raw.RawEventSource;
import com.clickstream.attribution.reconciler.support.RawBucket;
import com.clickstream.attribution.reconciler.support.ReconcilerHarness;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain} on embedded PostgreSQL and s3proxy, on a hand-written scenario: checkout o1 (u1, 12:00, W = 1h)
 * with a click 1 ms before the window, one exactly at its start (arrived late, so the stream credited another
 * and the reconciler corrected it), two in one millisecond, one in the checkout's millisecond, one 1 ms after
 * the checkout, and another user's click in between.
 */
class ExplainIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    static Path workDir;

    static final String BUCKET = "raw-explain";
    static ReconcilerHarness reconciler;

    static Instant at(String time) {
        return Instant.parse("2024-03-01T" + time + "Z");
    }

    @BeforeAll
    static void reconciledScenario() throws Exception {
        reconciler = ReconcilerHarness.start(POSTGRES, S3, BUCKET, workDir, Map.of());
        RawBucket raw = RawBucket.emptied(S3.s3Client(), BUCKET);
        Checkout o1 = checkout("o1", "u1", at("12:00:00"), "100.00");
        Click k0 = click("k0", "u1", at("10:59:59.999"), "facebook");
        Click start = click("k-start", "u1", at("11:00:00"), "google");
        Click kb = click("k-b", "u1", at("11:30:00"), "email");
        Click ka = click("k-a", "u1", at("11:30:00"), "affiliate");
        Click end = click("k-end", "u1", at("12:00:00"), "direct");
        Click after = click("k-after", "u1", at("12:00:00.001"), "instagram");
        Click other = click("k-other", "u2", at("11:45:00"), "organic");
        for (var e : List.of(o1, k0, kb, ka, end, after, other)) {
            raw.arrives(e, e instanceof Click c ? c.getEventTs() : ((Checkout) e).getEventTs());
        }
        raw.arrives(start, at("14:30:00")).arrives(ka, at("13:00:00")).flush(); // k-start late; a copy of k-a
        reconciler.seedStreamRow(Attribution.attributedTo(o1, ka)); // the stream never saw k-start
        assertThat(reconciler.reconcile(Map.of("from", "2024-03-01", "to", "2024-03-02")).succeeded()).isTrue();
    }

    @AfterAll
    static void stop() {
        reconciler.close();
    }

    private static String explain(String... args) {
        ExplainSources sources = new ExplainSources(reconciler.jdbc(), reconciler.bean(RawEventSource.class), Clock.systemUTC());
        return ExplainCommand.explain(sources, ExplainCommand.parse(args)).orElseThrow();
    }

    @Test
    void theTextShowsTheClicksInRuleOrderTheCreditedOneAndWhyAndTheLedger() {
        String text = explain("o1");
        System.out.println(text);

        List<String> clickLines = text.lines().filter(l -> l.matches("\\s+(\\d+|-)\\s+k-?\\S*\\s+2024.*")).toList();
        assertThat(clickLines).extracting(l -> l.trim().split("\\s+")[1])
                .containsExactly("k0", "k-start", "k-a", "k-b", "k-end", "k-after"); // rule order; no k-other
        assertThat(clickLines.get(0)).contains("OUTSIDE: 1 ms before the window start");
        assertThat(clickLines.get(1)).contains("<- CREDITED").contains("exactly at the window start (inclusive)")
                .contains("google");
        assertThat(clickLines.get(2)).contains("same millisecond as k-b").contains("2 raw copies, counted once");
        assertThat(clickLines.get(4)).contains("the window end is inclusive");
        assertThat(clickLines.get(5)).contains("OUTSIDE: 1 ms after the checkout");
        assertThat(text).contains("first click: k-start (google) is the earliest of 4 candidates by (event_ts, event_id)")
                .contains("window start is inclusive")
                .contains("conversion path: google > affiliate > email > direct")
                .contains("the stream wrote: affiliate (k-a), 100.00")
                .contains("late_click: affiliate (k-a), 100.00 -> google (k-start), 100.00")
                .contains("row in attributed_checkouts: google (k-start) (written by reconciler, version 2")
                .contains("verdict: the stored answer google (k-start) agrees with the rule after 1 correction");
        // credit per touch: last non-direct click passes over k-end (direct) to k-b
        String header = text.lines().filter(l -> l.contains("first_click") && l.contains("last_non_direct_click"))
                .findFirst().orElseThrow();
        List<String> columns = List.of(header.trim().split("\\s+"));
        List<String> kb = List.of(text.lines().filter(l -> l.matches("\\s+3\\s+email\\s+.*")).findFirst().orElseThrow()
                .trim().split("\\s+"));
        assertThat(kb.get(columns.indexOf("last_non_direct_click"))).isEqualTo("100.00");
        assertThat(kb.get(columns.indexOf("last_click"))).isEqualTo("0.00");
        assertThat(kb.get(columns.indexOf("linear"))).isEqualTo("25.00");
    }

    @Test
    void jsonCarriesTheSameExplanation() throws Exception {
        JsonNode json = new ObjectMapper().readTree(explain("o1", "--json"));

        assertThat(json.at("/credited/clickId").asText()).isEqualTo("k-start");
        assertThat(json.at("/checkout/rawCopies").asInt()).isEqualTo(1);
        List<String> positions = new ArrayList<>();
        json.get("clicks").forEach(c -> positions.add(c.get("clickId").asText() + ":" + c.get("position").asText()));
        assertThat(positions).containsExactly("k0:before_window", "k-start:touch", "k-a:touch", "k-b:touch", "k-end:touch",
                "k-after:after_checkout");
        assertThat(json.get("credits")).hasSize(4);
        assertThat(json.at("/credits/2/amounts/last_non_direct_click").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(json.at("/credits/3/amounts/last_click").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(json.at("/path").asText()).isEqualTo("google > affiliate > email > direct");
        assertThat(json.at("/streamRow/clickId").asText()).isEqualTo("k-a");
        assertThat(json.at("/corrections/0/reason").asText()).isEqualTo("late_click");
        assertThat(json.at("/stored/writtenBy").asText()).isEqualTo("reconciler");
        assertThat(json.at("/verdict").asText()).contains("agrees with the rule after 1 correction");
    }

    @Test
    void theJarsExplainCommandConnectsLikeARunAndPrintsOnlyTheExplanation() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("explain", "o1", "--json"));
        args.addAll(connection());

        int exit = ReconcilerApplication.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).at("/credited/clickId").asText())
                .isEqualTo("k-start");
    }

    @Test
    void anUnknownCheckoutIsOneLineAndExitCodeOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("explain", "no-such-order", "--lookback", "1h"));
        args.addAll(connection());

        int exit = ReconcilerApplication.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(ExplainCommand.NOT_FOUND);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("batch-reconciler explain: checkout 'no-such-order' not found");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void badArgumentsExitTwoBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ReconcilerApplication.run(new String[] {"explain", "o1", "--window", "0s"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("batch-reconciler explain: bad arguments:");
    }

    private static List<String> connection() {
        return List.of("--spring.datasource.url=" + POSTGRES.jdbcUrl(), "--spring.datasource.username=" + POSTGRES.user(),
                "--spring.datasource.password=" + POSTGRES.password(), "--reconciler.s3.bucket=" + BUCKET,
                "--spring.cloud.aws.s3.endpoint=" + S3.endpoint(), "--spring.cloud.aws.s3.path-style-access-enabled=true",
                "--spring.cloud.aws.credentials.access-key=" + S3ServerExtension.ACCESS_KEY,
                "--spring.cloud.aws.credentials.secret-key=" + S3ServerExtension.SECRET_KEY,
                "--reconciler.work-dir=" + workDir);
    }
}
