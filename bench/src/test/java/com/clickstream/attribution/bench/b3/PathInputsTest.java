package com.clickstream.attribution.bench.b3;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.reconciler.recompute.RecomputedCheckout;
import com.clickstream.attribution.stream.sink.model.AttributedCheckoutRow;
import com.clickstream.attribution.stream.sink.model.SinkBatch;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The sinks get the row set's values unchanged: the stream's SinkBatch and the reconciler's recomputed answer. */
class PathInputsTest {

    private static final CheckoutRowSet SET = CheckoutRowSetGenerator.generate(3, 500);

    @Test
    void streamBatchCarriesEveryRowOfItsRangeAndTheirItemsNumberedFromOne() {
        SinkBatch batch = StreamingSinkWorker.batch(SET, 100, 200, true);
        assertThat(batch.checkouts()).hasSize(100);
        assertThat(batch.eventsIn()).isEqualTo(100);
        int items = 0;
        for (int i = 100; i < 200; i++) {
            AttributedCheckoutRow row = batch.checkouts().get(i - 100);
            assertThat(row).isEqualTo(new AttributedCheckoutRow(SET.checkoutId(i), SET.userId(i), SET.checkoutTs(i),
                    SET.revenue(i), SET.currency(i), SET.attributed(i), SET.clickId(i), SET.clickTs(i),
                    SET.trafficSource(i), SET.campaignId(i), SET.deviceType(i), SET.firstProductId(i),
                    SET.firstProductCategory(i)));
            for (int line = 0; line < SET.itemCount(i); line++) {
                var item = batch.items().get(items++);
                assertThat(item.checkoutId()).isEqualTo(SET.checkoutId(i));
                assertThat(item.lineNo()).isEqualTo(line + 1);
                assertThat(item.unitPrice()).isEqualTo(SET.item(i, line).unitPrice());
            }
        }
        assertThat(batch.items()).hasSize(items);
        assertThat(StreamingSinkWorker.batch(SET, 0, 10, false).items()).isEmpty();
    }

    @Test
    void reconcilerAnswerIsTheRowOnTime() {
        for (int i = 0; i < SET.size(); i++) {
            RecomputedCheckout r = ReconcilerWritePath.recomputed(SET, i, true);
            assertThat(r.answer().checkoutId()).isEqualTo(SET.checkoutId(i));
            assertThat(r.answer().attributed()).isEqualTo(SET.attributed(i));
            assertThat(r.answer().trafficSource()).isEqualTo(SET.trafficSource(i));
            assertThat(r.answer().revenue()).isEqualTo(SET.revenue(i));
            assertThat(r.answer().click().map(c -> c.clickTs()).orElse(null)).isEqualTo(SET.clickTs(i));
            assertThat(r.checkout().event().getItems()).hasSize(SET.itemCount(i));
            assertThat(r.checkout().arrivalHour()).isEqualTo(SET.checkoutTs(i).truncatedTo(ChronoUnit.HOURS));
            assertThat(ReconcilerWritePath.recomputed(SET, i, false).checkout().event().getItems()).isEmpty();
        }
    }
}
