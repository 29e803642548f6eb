package com.clickstream.attribution.reconciler.recompute.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.clickstream.attribution.reconciler.support.MalformedCorpusParquet;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import com.clickstream.attribution.rawstore.parquet.ByteArrayInputFile;

/**
 * The columnar decoder reads every layout a raw click object comes in (raw-store's writer: required columns;
 * Firehose's: optional columns; dictionary and PLAIN pages; several pages and row groups) to the same values
 * as the contract's clicks, and refuses (so the object goes row at a time) a row it cannot vouch for.
 */
class ClickObjectDecoderTest {

    static final Instant JUDGED_AT = Instant.parse("2024-03-01T13:15:00Z");

    enum Layout {
        RAW_WRITER, FIREHOSE_DICTIONARY, FIREHOSE_PLAIN_SMALL_PAGES, FIREHOSE_SMALL_ROW_GROUPS;

        byte[] write(List<Click> clicks) {
            return switch (this) {
                case RAW_WRITER -> new RawParquetWriter(EventType.CLICK).write(clicks);
                case FIREHOSE_DICTIONARY -> MalformedCorpusParquet.firehoseShaped(EventType.CLICK, clicks);
                case FIREHOSE_PLAIN_SMALL_PAGES -> MalformedCorpusParquet.firehoseShaped(EventType.CLICK, clicks, false, 7, 1 << 20);
                case FIREHOSE_SMALL_ROW_GROUPS -> MalformedCorpusParquet.firehoseShaped(EventType.CLICK, clicks, true, 50, 2048);
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void decodesEveryLayoutToTheContractValues(Layout layout) throws Exception {
        List<Click> clicks = clicks(700);
        byte[] bytes = layout.write(clicks);

        ClickRows rows = new ClickObjectDecoder().decode(bytes, "k", JUDGED_AT);

        assertThat(rows.rows).isEqualTo(clicks.size());
        for (int r = 0; r < clicks.size(); r++) {
            Click c = clicks.get(r);
            assertThat(rows.ts[r]).isEqualTo(c.getEventTs().toEpochMilli());
            assertThat(BigDecimal.valueOf(rows.price[r], 2)).isEqualTo(c.getProductPrice());
            for (int field : ClickFields.STRINGS) {
                assertThat(string(rows.strings[field], r)).as("field %d row %d", field, r).isEqualTo(c.get(field));
            }
        }
        if (layout == Layout.FIREHOSE_SMALL_ROW_GROUPS) {
            try (ParquetFileReader reader = ParquetFileReader.open(new ByteArrayInputFile(bytes, "k"))) {
                assertThat(reader.getRowGroups()).hasSizeGreaterThan(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void refusesARowItCannotVouchFor(Layout layout) {
        List<Click> clicks = clicks(40);
        clicks.get(17).setDeviceType("tv");
        assertThatThrownBy(() -> new ClickObjectDecoder().decode(layout.write(clicks), "k", JUDGED_AT))
                .isInstanceOf(UnsupportedPageException.class);

        List<Click> late = clicks(40);
        late.get(3).setEventTs(JUDGED_AT.plusSeconds(301)); // beyond the 5-minute skew
        assertThatThrownBy(() -> new ClickObjectDecoder().decode(layout.write(late), "k", JUDGED_AT))
                .isInstanceOf(UnsupportedPageException.class);

        List<Click> nul = clicks(40);
        nul.get(39).setPageUrl("https://x/\u0000");
        assertThatThrownBy(() -> new ClickObjectDecoder().decode(layout.write(nul), "k", JUDGED_AT))
                .isInstanceOf(UnsupportedPageException.class);
    }

    private static String string(StringColumn c, int r) {
        return c.length[r] < 0 ? null : new String(c.arena, c.start[r], c.length[r], StandardCharsets.UTF_8);
    }

    static List<Click> clicks(int n) {
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clicks.add(Click.newBuilder().setEventId("k-" + i + "-ü").setEventType("click").setUserId("u" + (i % 13))
                    .setSessionId("s" + (i % 5)).setProductId("p" + (i % 4)).setProductName("Prodüct " + (i % 4))
                    .setProductCategory("cat-" + (i % 2)).setProductPrice(new BigDecimal(i % 9 + ".95"))
                    .setTrafficSource(i % 3 == 0 ? "google" : "email").setCampaignId(i % 4 == 0 ? null : "c" + (i % 3))
                    .setDeviceType(i % 2 == 0 ? "mobile" : "desktop").setPageUrl("https://shop.example/p/" + i + "/😀")
                    .setEventTs(JUDGED_AT.minusSeconds(3600 + i)).build());
        }
        return clicks;
    }
}
