package com.clickstream.attribution.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The corpus as other modules feed it ({@link MalformedCorpusFeed}): moved to any "now", every record
 * still gets the corpus's answer (the feed checks each one as it is built), and
 * {@link EventParser#validate} (the reconciler's check of decoded raw rows) agrees with {@code parse}.
 */
class MalformedCorpusFeedTest {

    @Test
    void theFeedKeepsEveryAnswerWhateverTheClock() {
        for (Instant now : List.of(Instant.now(), MalformedCorpusFiles.WRITTEN_AT,
                MalformedCorpusFiles.WRITTEN_AT.plus(Duration.ofDays(400)))) {
            MalformedCorpusFeed feed = MalformedCorpusFeed.at(now);
            assertThat(feed.malformed()).hasSize(MalformedCorpusFiles.malformed().size());
            assertThat(feed.entries()).hasSize(3 * (MalformedCorpusFiles.malformed().size()
                    + MalformedCorpusFiles.hostileValid().size()));
            Map<String, Attribution> answers = MalformedCorpusFeed.expectedAttributions(feed.valid(),
                    AttributionWindow.DEFAULT);
            assertThat(answers.values()).anyMatch(Attribution::attributed).anyMatch(a -> !a.attributed());
        }
    }

    @Test
    void validateAgreesWithParseOnDecodedEvents() {
        EventParser parser = MalformedCorpusFiles.parserAtWritingTime();
        Instant now = MalformedCorpusFiles.WRITTEN_AT;
        Click click = EventJsonTest.click();
        Checkout checkout = EventJsonTest.checkout();
        assertThat(parser.validate(click, EventType.CLICK, now).isValid()).isTrue();
        assertThat(parser.validate(checkout, EventType.CHECKOUT, now).isValid()).isTrue();
        assertThat(reason(parser.validate(Click.newBuilder(click).setEventType("view").build(), EventType.CLICK, now)))
                .isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
        assertThat(reason(parser.validate(Click.newBuilder(click).setEventType("checkout").build(), EventType.CLICK, now)))
                .isEqualTo(RejectReason.WRONG_STREAM);
        assertThat(reason(parser.validate(Click.newBuilder(click).setProductName("x".repeat(66_000)).build(),
                EventType.CLICK, now))).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(reason(parser.validate(Checkout.newBuilder(checkout).setTotalAmount(new BigDecimal("1.00")).build(),
                EventType.CHECKOUT, now))).isEqualTo(RejectReason.ITEM_TOTAL_MISMATCH);
        assertThat(reason(parser.validate(Click.newBuilder(click).setEventTs(now.plus(Duration.ofHours(1))).build(),
                EventType.CLICK, now))).isEqualTo(RejectReason.EVENT_TIME_IN_FUTURE);
        assertThat(parser.validate(Click.newBuilder(click).setEventTs(now.plus(Duration.ofHours(1))).build(),
                EventType.CLICK, now.plus(Duration.ofHours(1))).isValid()).as("judged at the given now").isTrue();
        LineItem item = checkout.getItems().get(0);
        List<LineItem> many = java.util.Collections.nCopies(1_000, item);
        assertThat(reason(parser.validate(Checkout.newBuilder(checkout).setItems(many).build(), EventType.CHECKOUT, now)))
                .isEqualTo(RejectReason.RECORD_TOO_LARGE);
    }

    private static RejectReason reason(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }
}
