package com.clickstream.attribution.generator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickstream.attribution.core.contract.EventParser;
import com.clickstream.attribution.core.contract.ParseResult;
import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.core.contract.ValidationPolicy;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.model.Product;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    /** 2 hours at 20 events/s with the default fault mix: about 150k records. */
    static final GeneratorConfig CONFIG = GeneratorConfig.defaults(START)
            .withFaults(0.01, 0.02, 0.05, 0.005);
    static List<GeneratedRecord> records;

    @BeforeAll
    static void generate() {
        records = all(new GeneratorConfig(7L, 3_000, START, Duration.ofHours(2), 0, 20.0,
                CONFIG.duplicateFraction(), CONFIG.lateFraction(), CONFIG.lateDelayMin(), CONFIG.lateDelayMax(),
                CONFIG.outOfOrderFraction(), CONFIG.outOfOrderMaxDelay(), CONFIG.malformedFraction(),
                CONFIG.noClickBuyerFraction(), CONFIG.clickAfterCheckoutFraction()));
    }

    static List<GeneratedRecord> all(GeneratorConfig config) {
        List<GeneratedRecord> out = new ArrayList<>();
        new TrafficGenerator(config).forEachRemaining(out::add);
        return out;
    }

    static byte[] bytes(List<GeneratedRecord> rs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (GeneratedRecord r : rs) {
            out.writeBytes(r.record().stream().getBytes());
            out.writeBytes(r.record().partitionKey().getBytes());
            out.writeBytes(r.record().payload());
            out.write('\n');
        }
        return out.toByteArray();
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        GeneratorConfig config = GeneratorConfig.defaults(START).withMaxEvents(5_000);

        byte[] first = bytes(all(config));
        byte[] second = bytes(all(config));
        byte[] otherSeed = bytes(all(config.withSeed(43)));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void maxEventsCapsTheRun() {
        assertThat(all(GeneratorConfig.defaults(START).withMaxEvents(1_234))).hasSize(1_234);
    }

    @Test
    void recordsComeInArrivalOrderAndNeverArriveBeforeTheirEventTime() {
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).arrivalTime()).isAfterOrEqualTo(records.get(i - 1).arrivalTime());
        }
        assertThat(records).allSatisfy(r -> assertThat(r.arrivalTime()).isAfterOrEqualTo(r.eventTime()));
    }

    @Test
    void theRateIsNearTheConfiguredEventsPerSecond() {
        long valid = records.stream().filter(r -> r.kind() == RecordKind.CLICK || r.kind() == RecordKind.CHECKOUT).count();
        double perSecond = valid / 7200.0;
        assertThat(perSecond).isCloseTo(20.0, within(4.0));
    }

    @Test
    void injectedFractionsAreWithinTolerance() {
        long valid = records.stream().filter(r -> r.kind() == RecordKind.CLICK || r.kind() == RecordKind.CHECKOUT).count();
        assertThat(valid).isGreaterThan(100_000);

        assertFraction(count(RecordKind.DUPLICATE), valid, CONFIG.duplicateFraction());
        assertFraction(count(RecordKind.MALFORMED), valid, CONFIG.malformedFraction());
        long late = records.stream().filter(r -> r.late() && r.kind() != RecordKind.DUPLICATE).count();
        assertFraction(late, valid, CONFIG.lateFraction());
        long slipped = records.stream().filter(r -> r.outOfOrder() && r.kind() != RecordKind.DUPLICATE).count();
        assertFraction(slipped, valid, CONFIG.outOfOrderFraction() * (1 - CONFIG.lateFraction()));
    }

    /** Within 4 standard deviations of a binomial(n, p): fails only if the injection is really off. */
    private static void assertFraction(long observed, long n, double p) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) observed).as("observed %d of %d, expected p=%s", observed, n, p)
                .isCloseTo(n * p, within(4 * sigma));
    }

    @Test
    void lateRecordsArriveAtLeastTheMinimumDelayAfterTheirEventTime() {
        List<GeneratedRecord> late = records.stream().filter(GeneratedRecord::late).toList();
        assertThat(late).isNotEmpty().allSatisfy(r -> {
            Duration delay = Duration.between(r.eventTime(), r.arrivalTime());
            assertThat(delay).isBetween(CONFIG.lateDelayMin(), CONFIG.lateDelayMax().plusMinutes(2));
        });
    }

    @Test
    void duplicatesRepeatTheSameBytesOfAnEarlierRecord() {
        Map<String, byte[]> firstCopy = new HashMap<>();
        for (GeneratedRecord r : records) {
            if (r.kind() == RecordKind.CLICK || r.kind() == RecordKind.CHECKOUT) {
                firstCopy.put(r.eventId(), r.record().payload());
            } else if (r.kind() == RecordKind.DUPLICATE) {
                assertThat(firstCopy).containsKey(r.eventId());
                assertThat(r.record().payload()).isEqualTo(firstCopy.get(r.eventId()));
            }
        }
    }

    @Test
    void everyValidRecordParsesAndEveryMalformedOneIsRejectedWithItsDeclaredReason() {
        Set<RejectReason> seen = new HashSet<>();
        for (GeneratedRecord r : records) {
            EventParser parser = new EventParser(ValidationPolicy.DEFAULT,
                    Clock.fixed(r.arrivalTime(), ZoneOffset.UTC));
            ParseResult result = parser.parse(r.record().payload());
            if (r.kind() == RecordKind.MALFORMED) {
                assertThat(result).isInstanceOf(ParseResult.Rejected.class);
                assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(r.rejectReason());
                seen.add(r.rejectReason());
            } else {
                assertThat(result.isValid()).as(((Object) result).toString()).isTrue();
                assertThat(((ParseResult.Valid) result).type().stream()).isEqualTo(r.record().stream());
            }
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void clicksPrecedeTheCheckoutsTheyLeadToAndSomeBuyersNeverClicked() {
        Map<String, List<Click>> clicksBySession = new HashMap<>();
        List<Checkout> checkouts = new ArrayList<>();
        parsedValid().forEach(v -> {
            if (v.event() instanceof Click c) {
                clicksBySession.computeIfAbsent(c.getSessionId(), k -> new ArrayList<>()).add(c);
            } else {
                checkouts.add(v.checkout());
            }
        });
        long withoutClicks = 0;
        long clickAfterCheckout = 0;
        for (Checkout checkout : checkouts) {
            List<Click> clicks = clicksBySession.getOrDefault(checkout.getSessionId(), List.of());
            if (clicks.isEmpty()) {
                withoutClicks++;
                continue;
            }
            Instant firstClick = clicks.stream().map(Click::getEventTs).min(Instant::compareTo).orElseThrow();
            assertThat(firstClick).isBefore(checkout.getEventTs());
            clickAfterCheckout += clicks.stream().filter(c -> c.getEventTs().isAfter(checkout.getEventTs())).count();
            Set<String> clicked = clicks.stream().map(Click::getProductId).collect(Collectors.toSet());
            assertThat(checkout.getItems()).anySatisfy(i -> assertThat(clicked).contains(i.getProductId()));
        }
        assertThat(checkouts).hasSizeGreaterThan(500);
        assertThat(withoutClicks).isPositive();
        assertThat(clickAfterCheckout).isPositive();
    }

    @Test
    void conversionDependsOnTrafficSourceSoTheQueriesShowDifferences() {
        Map<String, String> sourceOfSession = new HashMap<>();
        Map<String, Integer> sessions = new HashMap<>();
        Map<String, Integer> converted = new HashMap<>();
        List<ParseResult.Valid> valid = parsedValid();
        valid.stream().filter(v -> v.event() instanceof Click).map(ParseResult.Valid::click).forEach(c -> {
            if (sourceOfSession.putIfAbsent(c.getSessionId(), c.getTrafficSource()) == null) {
                sessions.merge(c.getTrafficSource(), 1, Integer::sum);
            }
        });
        valid.stream().filter(v -> v.event() instanceof Checkout).map(ParseResult.Valid::checkout).forEach(c -> {
            String source = sourceOfSession.get(c.getSessionId());
            if (source != null) {
                converted.merge(source, 1, Integer::sum);
            }
        });
        double email = converted.get("email") / (double) sessions.get("email");
        double instagram = converted.get("instagram") / (double) sessions.get("instagram");
        assertThat(email).isGreaterThan(instagram * 2);
    }

    @Test
    void theCatalogIsFixedAndWellFormed() {
        List<Product> products = Catalog.standard().products();
        assertThat(products).hasSize(8 * Catalog.PRODUCTS_PER_CATEGORY);
        assertThat(products).extracting(Product::productId).doesNotHaveDuplicates();
        assertThat(products).allSatisfy(p -> {
            assertThat(p.price().scale()).isEqualTo(2);
            assertThat(p.price().signum()).isPositive();
        });
        // Generated traffic only ever references catalog products, whatever the seed.
        Set<String> ids = products.stream().map(Product::productId).collect(Collectors.toSet());
        assertThat(parsedValid()).filteredOn(v -> v.event() instanceof Click)
                .allSatisfy(v -> assertThat(ids).contains(v.click().getProductId()));
    }

    private static long count(RecordKind kind) {
        return records.stream().filter(r -> r.kind() == kind).count();
    }

    private static List<ParseResult.Valid> parsedValid() {
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT.withRetention(Duration.ofDays(36500)),
                Clock.fixed(START.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        return records.stream()
                .filter(r -> r.kind() == RecordKind.CLICK || r.kind() == RecordKind.CHECKOUT)
                .map(r -> (ParseResult.Valid) parser.parse(r.record().payload()))
                .toList();
    }
}
