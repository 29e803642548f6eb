package com.clickstream.attribution.rawstore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.SampleEvents;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/** Files shaped like Firehose's output (a stub: {@link HiveShapedFiles}) read as the same events as ours. */
class StubFirehoseShapedFileTest {

    @Test
    void firehoseShapedClicksReadAsTheSameEventsAsOurOwnFile() throws BadRawObjectException {
        List<Click> clicks = SampleEvents.clicks();
        byte[] firehose = HiveShapedFiles.write(HiveShapedFiles.clickColumns(), clicks);
        byte[] ours = new RawParquetWriter(com.clickstream.attribution.core.contract.EventType.CLICK).write(clicks);

        RawRows<Click> fromFirehose = RawParquetReader.clicks().read(firehose, "firehose");

        assertThat(fromFirehose.rejected()).isEmpty();
        assertThat(fromFirehose.events()).containsExactlyElementsOf(clicks)
                .containsExactlyElementsOf(RawParquetReader.clicks().read(ours, "ours").events());
    }

    @Test
    void firehoseShapedCheckoutsWithHiveBagListsReadBack() throws BadRawObjectException {
        List<Checkout> checkouts = SampleEvents.checkouts();
        byte[] firehose = HiveShapedFiles.write(HiveShapedFiles.checkoutColumns(), checkouts);

        RawRows<Checkout> rows = RawParquetReader.checkouts().read(firehose, "firehose");

        assertThat(rows.rejected()).isEmpty();
        assertThat(rows.events()).containsExactlyElementsOf(checkouts);
    }

    @Test
    void theDefaultParquetAvroSettingWouldMisreadTheseListsWhichIsWhyTheReaderTurnsItOff() throws Exception {
        byte[] firehose = HiveShapedFiles.write(HiveShapedFiles.checkoutColumns(), SampleEvents.checkouts());
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                new ByteArrayInputFile(firehose), new PlainParquetConfiguration()).withDataModel(GenericData.get()).build()) {
            Object firstItem = ((List<?>) reader.read().get("items")).get(0);
            // default: the repeated 'bag' group is taken as the element, so an item is a wrapper record
            assertThat(((GenericRecord) firstItem).getSchema().getField("array_element")).isNotNull();
        }
    }

    @Test
    void aNullInARequiredColumnRejectsOnlyThatRow() throws BadRawObjectException {
        List<Click> clicks = new ArrayList<>(SampleEvents.clicks());
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("user_id", HiveShapedFiles.string(c -> c.getEventId().equals("c-7") ? null : c.getUserId()));
        byte[] firehose = HiveShapedFiles.write(columns, clicks);

        RawRows<Click> rows = RawParquetReader.clicks().read(firehose, "firehose");

        assertThat(rows.rejected()).singleElement().satisfies(r -> {
            assertThat(r.row()).isEqualTo(6);
            assertThat(r.reason()).isEqualTo(RejectReason.MISSING_FIELD);
            assertThat(r.detail()).contains("user_id");
        });
        clicks.remove(6);
        assertThat(rows.events()).containsExactlyElementsOf(clicks);
    }

    @Test
    void aNullItemInsideTheListRejectsThatRow() throws BadRawObjectException {
        List<Checkout> checkouts = SampleEvents.checkouts();
        Map<String, HiveShapedFiles.Column<Checkout>> columns = HiveShapedFiles.checkoutColumns();
        columns.put("items", new HiveShapedFiles.Column<>(columns.get("items").declaration(), (g, n, e) -> {
            var items = g.addGroup(n);
            if (e.getEventId().equals("o-3")) {
                items.addGroup("bag"); // an element that is null
            } else {
                for (var item : e.getItems()) {
                    var element = items.addGroup("bag").addGroup("array_element");
                    element.append("product_id", item.getProductId());
                    element.append("product_name", item.getProductName());
                    element.append("unit_price", Binary.fromConstantByteArray(
                            HiveShapedFiles.fixed(item.getUnitPrice(), 5)));
                    element.append("quantity", item.getQuantity());
                }
            }
        }));

        RawRows<Checkout> rows = RawParquetReader.checkouts().read(HiveShapedFiles.write(columns, checkouts), "f");

        assertThat(rows.rejected()).singleElement().satisfies(r -> assertThat(r.detail()).contains("items[0] is null"));
        assertThat(rows.events()).hasSize(checkouts.size() - 1);
    }

    @Test
    void anAbsentOptionalColumnReadsAsNull() throws BadRawObjectException {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.remove("campaign_id");

        RawRows<Click> rows = RawParquetReader.clicks().read(HiveShapedFiles.write(columns, SampleEvents.clicks()), "f");

        assertThat(rows.events()).hasSize(SampleEvents.clicks().size())
                .allSatisfy(c -> assertThat(c.getCampaignId()).isNull());
    }

    @Test
    void int64TimestampMillisAndBinaryDecimalsAreAcceptedAsTheSameNumbers() throws BadRawObjectException {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("event_ts", new HiveShapedFiles.Column<>("optional int64 %s (TIMESTAMP(MILLIS,true))",
                (g, n, e) -> g.append(n, e.getEventTs().toEpochMilli())));
        columns.put("product_price", new HiveShapedFiles.Column<>("optional binary %s (DECIMAL(10,2))",
                (g, n, e) -> g.append(n, Binary.fromConstantByteArray(e.getProductPrice().unscaledValue().toByteArray()))));

        RawRows<Click> rows = RawParquetReader.clicks().read(HiveShapedFiles.write(columns, SampleEvents.clicks()), "f");

        assertThat(rows.events()).containsExactlyElementsOf(SampleEvents.clicks());
    }

    @Test
    void aDecimalTooWideForTheContractRejectsTheRow() throws BadRawObjectException {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("product_price", new HiveShapedFiles.Column<>("optional fixed_len_byte_array(8) %s (DECIMAL(18,2))",
                (g, n, e) -> g.append(n, Binary.fromConstantByteArray(HiveShapedFiles.fixed(
                        e.getEventId().equals("c-1") ? new BigDecimal("1234567890.12") : e.getProductPrice(), 8)))));

        RawRows<Click> rows = RawParquetReader.clicks().read(HiveShapedFiles.write(columns, SampleEvents.clicks()), "f");

        assertThat(rows.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.ABSURD_AMOUNT);
            assertThat(r.detail()).contains(new BigDecimal("1234567890.12").toPlainString());
        });
    }
}
