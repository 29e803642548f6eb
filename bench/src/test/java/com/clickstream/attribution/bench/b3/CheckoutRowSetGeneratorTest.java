package com.clickstream.attribution.bench.b3;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.rules.Attribution;
import com.clickstream.attribution.core.rules.AttributionWindow;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutRowSetGeneratorTest {

    private static final int ROWS = 5_000;
    private static final CheckoutRowSet SET = CheckoutRowSetGenerator.generate(7, ROWS);

    @Test
    void sameSeedSameRows_otherSeedOtherRows() {
        assertThat(rowsOf(CheckoutRowSetGenerator.generate(7, ROWS))).isEqualTo(rowsOf(SET));
        assertThat(rowsOf(CheckoutRowSetGenerator.generate(8, ROWS))).isNotEqualTo(rowsOf(SET));
    }

    @Test
    void fileRoundTripKeepsEveryRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rows.bin");
        SET.write(file);
        assertThat(rowsOf(CheckoutRowSet.read(file))).isEqualTo(rowsOf(SET));
    }

    /** The CHECK constraints of ecommerce.attributed_checkouts (V2) and checkout_items, row by row. */
    @Test
    void everyRowSatisfiesTheTablesConstraints() {
        long window = AttributionWindow.DEFAULT_LENGTH.toMillis();
        Set<String> ids = new HashSet<>();
        long attributed = 0;
        for (int i = 0; i < SET.size(); i++) {
            assertThat(ids.add(SET.checkoutId(i))).as("unique checkout id %s", SET.checkoutId(i)).isTrue();
            assertThat(SET.userId(i)).matches("u-\\d{6,}");
            assertThat(SET.revenue(i).signum()).isGreaterThanOrEqualTo(0);
            assertThat(SET.revenue(i).scale()).isEqualTo(2);
            assertThat(SET.currency(i)).matches("^[A-Z]{3}$");
            if (i > 0) {
                assertThat(SET.checkoutTs(i)).isAfterOrEqualTo(SET.checkoutTs(i - 1));
            }
            if (SET.attributed(i)) {
                attributed++;
                assertThat(SET.trafficSource(i)).isNotEqualTo(Attribution.UNATTRIBUTED);
                assertThat(SET.clickId(i)).startsWith("clk-");
                assertThat(SET.deviceType(i)).isIn("desktop", "mobile", "tablet");
                assertThat(SET.firstProductId(i)).startsWith("p-");
                assertThat(SET.firstProductCategory(i)).isNotBlank();
                assertThat(SET.clickTs(i)).isBeforeOrEqualTo(SET.checkoutTs(i));
                assertThat(SET.checkoutTs(i).toEpochMilli() - SET.clickTs(i).toEpochMilli()).isLessThanOrEqualTo(window);
                assertThat(SET.item(i, 0).productId()).isEqualTo(SET.firstProductId(i));
            } else {
                assertThat(SET.trafficSource(i)).isEqualTo(Attribution.UNATTRIBUTED);
                assertThat(List.of(nullable(SET.clickId(i)), nullable(SET.clickTs(i)), nullable(SET.campaignId(i)),
                        nullable(SET.deviceType(i)), nullable(SET.firstProductId(i)),
                        nullable(SET.firstProductCategory(i)))).containsOnly("null");
            }
            assertThat(SET.itemCount(i)).isBetween(1, 3);
            BigDecimal sum = BigDecimal.ZERO.setScale(2);
            for (int line = 0; line < SET.itemCount(i); line++) {
                CheckoutRowSet.Item item = SET.item(i, line);
                assertThat(item.quantity()).isPositive();
                assertThat(item.unitPrice().signum()).isGreaterThanOrEqualTo(0);
                sum = sum.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
            }
            assertThat(sum).isEqualTo(SET.revenue(i));
        }
        assertThat((double) attributed / ROWS).isBetween(0.85, 0.89);
        assertThat(SET.totalItems()).isBetween(ROWS, 3 * ROWS);
    }

    @Test
    void byUserIsAPermutationGroupingEachUsersCheckoutsInTimeOrder() {
        int[] order = SET.byUser();
        assertThat(order).hasSize(ROWS);
        Set<Integer> seen = new HashSet<>();
        Set<Integer> finishedUsers = new HashSet<>();
        for (int k = 0; k < order.length; k++) {
            assertThat(seen.add(order[k])).isTrue();
            if (k > 0 && SET.userIndex(order[k]) == SET.userIndex(order[k - 1])) {
                assertThat(order[k]).isGreaterThan(order[k - 1]);
            } else if (k > 0) {
                assertThat(finishedUsers.add(SET.userIndex(order[k - 1]))).isTrue();
                assertThat(finishedUsers).doesNotContain(SET.userIndex(order[k]));
            }
        }
    }

    private static String nullable(Object value) {
        return String.valueOf(value);
    }

    /** Every value of every row, as text. */
    static List<String> rowsOf(CheckoutRowSet set) {
        List<String> rows = new ArrayList<>(set.size());
        for (int i = 0; i < set.size(); i++) {
            StringBuilder row = new StringBuilder(String.join("|", set.checkoutId(i), set.userId(i),
                    set.checkoutTs(i).toString(), set.revenue(i).toPlainString(), set.currency(i),
                    Boolean.toString(set.attributed(i)), String.valueOf(set.clickId(i)), String.valueOf(set.clickTs(i)),
                    set.trafficSource(i), String.valueOf(set.campaignId(i)), String.valueOf(set.deviceType(i)),
                    String.valueOf(set.firstProductId(i)), String.valueOf(set.firstProductCategory(i))));
            for (int line = 0; line < set.itemCount(i); line++) {
                row.append('|').append(set.item(i, line));
            }
            rows.add(row.toString());
        }
        return rows;
    }
}
