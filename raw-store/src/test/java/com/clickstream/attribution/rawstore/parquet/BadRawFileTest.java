package com.clickstream.attribution.rawstore.parquet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.BadObjectReason;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each reason a raw object is skipped for, caused for real. */
class BadRawFileTest {

    private static final byte[] GOOD = new RawParquetWriter(EventType.CLICK).write(SampleEvents.clicks());

    @Test
    void zeroBytesIsAnEmptyFile() {
        assertBad(new byte[0], BadObjectReason.EMPTY_FILE);
    }

    @Test
    void jsonInsteadOfParquetIsCorrupt() {
        assertBad("{\"event_id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8), BadObjectReason.CORRUPT_PARQUET);
    }

    @Test
    void aTruncatedFileIsCorrupt() {
        assertBad(Arrays.copyOf(GOOD, GOOD.length / 2), BadObjectReason.CORRUPT_PARQUET);
    }

    @Test
    void aDamagedFooterIsCorrupt() {
        byte[] damaged = GOOD.clone();
        // footer = [metadata][4-byte length]["PAR1"]; overwrite the metadata just before its length
        for (int i = damaged.length - 8 - 64; i < damaged.length - 8; i++) {
            damaged[i] = (byte) 0xEE;
        }
        assertBad(damaged, BadObjectReason.CORRUPT_PARQUET);
    }

    @Test
    void aFooterLengthPointingOutsideTheFileIsCorrupt() {
        byte[] damaged = GOOD.clone();
        damaged[damaged.length - 5] = (byte) 0x7F; // top byte of the little-endian footer length
        assertBad(damaged, BadObjectReason.CORRUPT_PARQUET);
    }

    @Test
    void eventTsAsAStringIsAnUnexpectedColumnType() {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("event_ts", HiveShapedFiles.string(c -> Long.toString(c.getEventTs().toEpochMilli())));
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.UNEXPECTED_COLUMN_TYPE)
                .hasMessageContaining("event_ts");
    }

    @Test
    void eventTsAsInt96IsAnUnexpectedColumnType() {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("event_ts", new HiveShapedFiles.Column<>("optional int96 %s",
                (g, n, e) -> g.append(n, org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[12]))));
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.UNEXPECTED_COLUMN_TYPE);
    }

    @Test
    void eventTsInMicrosecondsIsAnUnexpectedColumnType() {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("event_ts", new HiveShapedFiles.Column<>("optional int64 %s (TIMESTAMP(MICROS,true))",
                (g, n, e) -> g.append(n, e.getEventTs().toEpochMilli() * 1000)));
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.UNEXPECTED_COLUMN_TYPE);
    }

    @Test
    void aPriceAsDoubleIsAnUnexpectedColumnType() {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("product_price", new HiveShapedFiles.Column<>("optional double %s",
                (g, n, e) -> g.append(n, e.getProductPrice().doubleValue())));
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.UNEXPECTED_COLUMN_TYPE)
                .hasMessageContaining("product_price").hasMessageContaining("decimal(10,2)");
    }

    @Test
    void aPriceWithThreeDecimalPlacesIsAnUnexpectedColumnType() {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("product_price", new HiveShapedFiles.Column<>("optional fixed_len_byte_array(5) %s (DECIMAL(10,3))",
                (g, n, e) -> g.append(n, org.apache.parquet.io.api.Binary.fromConstantByteArray(
                        HiveShapedFiles.fixed(e.getProductPrice().setScale(3), 5)))));
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.UNEXPECTED_COLUMN_TYPE);
    }

    @Test
    void anInt64DecimalIsAnUnexpectedColumnType() {
        // parquet-avro reads an INT64 DECIMAL column as a plain long (scale lost), so it cannot be trusted;
        // Firehose/Hive write FIXED, this writer writes FIXED, Spark would need writeLegacyFormat=true.
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.put("product_price", new HiveShapedFiles.Column<>("optional int64 %s (DECIMAL(10,2))",
                (g, n, e) -> g.append(n, e.getProductPrice().unscaledValue().longValueExact())));
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.UNEXPECTED_COLUMN_TYPE);
    }

    @Test
    void aMissingRequiredColumnIsReported() {
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        columns.remove("event_id");
        assertBad(HiveShapedFiles.write(columns, SampleEvents.clicks()), BadObjectReason.MISSING_COLUMN)
                .hasMessageContaining("event_id");
    }

    @Test
    void aCheckoutFileReadAsClicksIsMissingColumns() {
        byte[] checkouts = new RawParquetWriter(EventType.CHECKOUT).write(SampleEvents.checkouts());
        assertThatThrownBy(() -> RawParquetReader.clicks().read(checkouts, "wrong-folder"))
                .isInstanceOfSatisfying(BadRawObjectException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(BadObjectReason.MISSING_COLUMN));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBad(byte[] file, BadObjectReason reason) {
        return assertThatThrownBy(() -> RawParquetReader.clicks().read(file, "raw/click/dt=2026-11-25/hour=07/x.parquet"))
                .isInstanceOfSatisfying(BadRawObjectException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(reason.code() + ": ");
    }
}
