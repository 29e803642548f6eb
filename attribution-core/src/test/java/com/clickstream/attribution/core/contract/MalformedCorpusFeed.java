package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.contract.MalformedCorpus.Case;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.clickstream.attribution.core.rules.FirstClickAttribution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The corpus as an entry point's input: every malformed case and every hostile-but-valid case, each
 * between two valid events of its own ("neighbours": a click before it, a checkout of the same user
 * after it, one in five checkouts by a user without clicks so that some stay unattributed), with the
 * event times moved to {@code now} ({@link MalformedCorpusClock}), and what attribution-core says of
 * each record. Tests of other modules feed {@link #entries()} and compare with these answers.
 *
 * <p>Stream of a record: the one the case declares (the wrong-stream case), else the type it shows:
 * the checkouts stream when its bytes are a JSON object whose {@code event_type} is
 * {@code "checkout"}, the clicks stream for everything else (clicks, unknown types, not JSON at all),
 * which is also how {@code ./pipeline run --events} routes file lines. Every expected answer is checked
 * here against the parser on the stream chosen, at {@code now} and {@link MalformedCorpusClock#MARGIN}/2
 * later, so a feed that would not give the corpus's answer fails at construction.
 */
public final class MalformedCorpusFeed {

    /** What a record is in the feed. */
    public enum Role {
        NEIGHBOUR, MALFORMED, HOSTILE_VALID
    }

    /**
     * One record to send, in feed order.
     *
     * @param index          position in the feed
     * @param role           neighbour, malformed case or hostile-but-valid case
     * @param kind           the corpus kind, or "neighbour click/checkout of case n"
     * @param payload        the record's bytes (event times moved to the feed's now)
     * @param stream         the stream it goes on
     * @param partitionKey   neighbours: the user id; corpus cases: {@code corpus-<index>}
     * @param expectedReason the reason code for malformed records, null for valid ones
     * @param parsed         attribution-core's answer for it at the feed's now
     */
    public record Entry(int index, Role role, String kind, byte[] payload, EventType stream, String partitionKey,
                        String expectedReason, ParseResult parsed) {

        public boolean malformed() {
            return role == Role.MALFORMED;
        }

        public ParseResult.Valid valid() {
            return (ParseResult.Valid) parsed;
        }

        /** The kind with a case-number prefix, for messages. */
        public String label() {
            return "#" + index + " " + kind;
        }
    }

    private static final ObjectMapper SNIFFER = new ObjectMapper();
    private static final String[] SOURCES = {"google", "facebook", "email", "direct"};

    private final Instant now;
    private final List<Entry> entries;

    private MalformedCorpusFeed(Instant now, List<Entry> entries) {
        this.now = now;
        this.entries = List.copyOf(entries);
    }

    /** Every malformed and every hostile-but-valid case, each between two neighbours, timed at {@code now}. */
    public static MalformedCorpusFeed at(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        EventParser parser = new EventParser(ValidationPolicy.DEFAULT, Clock.fixed(at, ZoneOffset.UTC));
        EventParser later = new EventParser(ValidationPolicy.DEFAULT,
                Clock.fixed(at.plus(MalformedCorpusClock.MARGIN.dividedBy(2)), ZoneOffset.UTC));
        List<Case> cases = new ArrayList<>(MalformedCorpusFiles.malformed());
        cases.addAll(MalformedCorpusFiles.hostileValid());
        List<Entry> entries = new ArrayList<>();
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            Instant clickTs = at.minus(Duration.ofMinutes(50)).plusSeconds(10L * n);
            String suffix = String.format("%03d", n);
            String user = "mc-u-" + suffix;
            Click click = Click.newBuilder(EventJsonTest.click()).setEventId("mc-k-" + suffix).setUserId(user)
                    .setSessionId("mc-s-" + suffix).setTrafficSource(SOURCES[n % SOURCES.length])
                    .setEventTs(clickTs).build();
            String buyer = n % 5 == 4 ? "mc-w-" + suffix : user; // no clicks: stays unattributed
            Checkout checkout = Checkout.newBuilder(EventJsonTest.checkout()).setEventId("mc-o-" + suffix)
                    .setUserId(buyer).setSessionId("mc-s-" + suffix).setEventTs(clickTs.plusSeconds(90)).build();
            entries.add(entry(parser, later, entries.size(), Role.NEIGHBOUR, "neighbour click of case " + n,
                    EventJson.toJsonBytes(click), EventType.CLICK, user, null));
            boolean valid = c.expected().equals(MalformedCorpusFiles.VALID);
            byte[] payload = MalformedCorpusClock.retimed(c, at);
            EventType stream = MalformedCorpusFiles.declaredStream(c).orElseGet(() -> apparentType(payload));
            entries.add(entry(parser, later, entries.size(), valid ? Role.HOSTILE_VALID : Role.MALFORMED, c.kind(),
                    payload, stream, "corpus-" + suffix, valid ? null : c.expected()));
            entries.add(entry(parser, later, entries.size(), Role.NEIGHBOUR, "neighbour checkout of case " + n,
                    EventJson.toJsonBytes(checkout), EventType.CHECKOUT, buyer, null));
        }
        return new MalformedCorpusFeed(at, entries);
    }

    /** The clicks stream unless the bytes are a JSON object with {@code "event_type":"checkout"}. */
    public static EventType apparentType(byte[] payload) {
        try {
            JsonNode node = SNIFFER.readTree(payload);
            if (node != null && node.isObject() && "checkout".equals(node.path("event_type").textValue())) {
                return EventType.CHECKOUT;
            }
        } catch (Exception notJson) {
            // not JSON: the clicks stream, where it is rejected
        }
        return EventType.CLICK;
    }

    private static Entry entry(EventParser parser, EventParser later, int index, Role role, String kind,
                               byte[] payload, EventType stream, String key, String expectedReason) {
        ParseResult result = parser.parse(payload, stream);
        ParseResult afterMargin = later.parse(payload, stream);
        String got = result instanceof ParseResult.Rejected r ? r.reason().code() : null;
        String gotLater = afterMargin instanceof ParseResult.Rejected r ? r.reason().code() : null;
        if (!Objects.equals(got, expectedReason) || !Objects.equals(gotLater, expectedReason)) {
            throw new IllegalStateException("feed record #" + index + " (" + kind + ") on the " + stream.stream()
                    + " stream: parser says " + result + " now and " + afterMargin + " later, the corpus says "
                    + (expectedReason == null ? "valid" : expectedReason));
        }
        return new Entry(index, role, kind, payload, stream, key, expectedReason, result);
    }

    public Instant now() {
        return now;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Entry> malformed() {
        return entries.stream().filter(Entry::malformed).toList();
    }

    public List<Entry> valid() {
        return entries.stream().filter(e -> !e.malformed()).toList();
    }

    /** Malformed records per expected reason code. */
    public static Map<String, Long> byReason(Collection<Entry> entries) {
        return entries.stream().filter(Entry::malformed)
                .collect(Collectors.groupingBy(Entry::expectedReason, TreeMap::new, Collectors.counting()));
    }

    /**
     * attribution-core's first-click answer for every distinct checkout among {@code validEntries} (the
     * first copy of a checkout id counts), over all their clicks (copies included: the rule counts them
     * once), by checkout id.
     */
    public static Map<String, Attribution> expectedAttributions(Collection<Entry> validEntries, AttributionWindow window) {
        Map<String, List<Click>> clicks = new HashMap<>();
        Map<String, Checkout> checkouts = new LinkedHashMap<>();
        for (Entry e : validEntries) {
            ParseResult.Valid v = e.valid();
            if (v.type() == EventType.CLICK) {
                clicks.computeIfAbsent(v.userId(), u -> new ArrayList<>()).add(v.click());
            } else {
                checkouts.putIfAbsent(v.eventId(), v.checkout());
            }
        }
        Map<String, Attribution> out = new TreeMap<>();
        checkouts.forEach((id, c) -> out.put(id,
                FirstClickAttribution.attribute(c, clicks.getOrDefault(c.getUserId(), List.of()), window)));
        return out;
    }

    /** A payload for a message: at most 80 chars, non-printable ones escaped. */
    public static String shown(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char ch = s.charAt(i);
            b.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return b + (s.length() > 80 ? "...(" + payload.length + " bytes)" : "");
    }
}
