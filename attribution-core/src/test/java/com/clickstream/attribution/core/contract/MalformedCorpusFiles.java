package com.clickstream.attribution.core.contract;

import com.clickstream.attribution.core.contract.MalformedCorpus.Case;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The committed malformed-input corpus ({@code src/test/resources/malformed/}) for the tests of every
 * module: attribution-core publishes its test tree as a test-jar, so other modules depend on
 * {@code attribution-core} {@code type test-jar} {@code scope test} and read the one copy. Each
 * {@link Case} says what the parser must answer: a {@link RejectReason} code, or {@value #VALID}.
 */
public final class MalformedCorpusFiles {

    /** The {@code expected_reason} of the hostile-but-valid cases. */
    public static final String VALID = "valid";

    /** The instant the corpus's event times are written against (its parser's fixed clock). */
    public static final Instant WRITTEN_AT = EventJsonTest.NOW;

    private MalformedCorpusFiles() {
    }

    /** corpus.jsonl: every case must be rejected with its {@code expected} reason code. */
    public static List<Case> malformed() {
        List<Case> cases = load(MalformedCorpus.CORPUS);
        cases.forEach(MalformedCorpusFiles::reason); // every code is a RejectReason
        return cases;
    }

    /** hostile-valid.jsonl: inputs that look bad but satisfy the contract. */
    public static List<Case> hostileValid() {
        List<Case> cases = load(MalformedCorpus.HOSTILE);
        cases.stream().filter(c -> !c.expected().equals(VALID)).findAny().ifPresent(c -> {
            throw new IllegalStateException("hostile case not marked valid: " + c.kind());
        });
        return cases;
    }

    /** The parser the corpus was written for: default policy, clock fixed at {@link #WRITTEN_AT}. */
    public static EventParser parserAtWritingTime() {
        return new EventParser(ValidationPolicy.DEFAULT, Clock.fixed(WRITTEN_AT, ZoneOffset.UTC));
    }

    /** The reason a malformed case must get. */
    public static RejectReason reason(Case c) {
        return Stream.of(RejectReason.values()).filter(r -> r.code().equals(c.expected())).findFirst()
                .orElseThrow(() -> new IllegalStateException(c.kind() + ": no reason code " + c.expected()));
    }

    /** The stream a case declares it arrives on (only the wrong-stream case does), else empty. */
    public static Optional<EventType> declaredStream(Case c) {
        return c.stream() == null ? Optional.empty()
                : Optional.of(EventType.fromWireName(c.stream()).orElseThrow(
                        () -> new IllegalStateException(c.kind() + ": unknown stream " + c.stream())));
    }

    private static List<Case> load(String name) {
        try (InputStream in = MalformedCorpusFiles.class.getResourceAsStream("/malformed/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /malformed/" + name + " not on the classpath "
                        + "(depend on attribution-core's test-jar)");
            }
            return MalformedCorpus.fromJsonl(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
