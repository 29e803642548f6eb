package com.clickstream.attribution.rawstore.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.SampleEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawParquetRoundTripTest {

    @Test
    void clicksComeBackExactly() throws BadRawObjectException {
        List<Click> clicks = SampleEvents.clicks();
        byte[] file = new RawParquetWriter(EventType.CLICK).write(clicks);

        RawRows<Click> rows = RawParquetReader.clicks().read(file, "clicks.parquet");

        assertThat(rows.rejected()).isEmpty();
        assertThat(rows.events()).containsExactlyElementsOf(clicks);
        assertThat(rows.events().get(0).getCampaignId()).isNull();
        assertThat(rows.events().get(2).getCampaignId()).isEmpty();
        assertThat(rows.events().get(1).getProductPrice()).isEqualByComparingTo("99999999.99")
                .hasToString("99999999.99");
        assertThat(rows.events().get(3).getEventTs().toEpochMilli()).isEqualTo(4_102_444_800_999L);
    }

    @Test
    void checkoutsWithTheirItemsComeBackExactly() throws BadRawObjectException {
        List<Checkout> checkouts = SampleEvents.checkouts();
        byte[] file = new RawParquetWriter(EventType.CHECKOUT).write(checkouts);

        RawRows<Checkout> rows = RawParquetReader.checkouts().read(file, "checkouts.parquet");

        assertThat(rows.rejected()).isEmpty();
        assertThat(rows.events()).containsExactlyElementsOf(checkouts);
        assertThat(rows.events().get(2).getItems()).hasSize(3);
        assertThat(rows.events().get(1).getTotalAmount()).hasToString("9999999999.00");
    }

    @Test
    void aFileOnDiskIsSnappyAndStatisticsHoldEpochMillis(@TempDir Path dir) throws IOException, BadRawObjectException {
        List<Click> clicks = SampleEvents.clicks();
        Path path = dir.resolve("clicks.parquet");
        long rows = new RawParquetWriter(EventType.CLICK).write(clicks, new LocalOutputFile(path));
        assertThat(rows).isEqualTo(clicks.size());

        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path))) {
            assertThat(reader.getRecordCount()).isEqualTo(clicks.size());
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    assertThat(column.getCodec()).isEqualTo(CompressionCodecName.SNAPPY);
                    if (column.getPath().toDotString().equals("event_ts")) {
                        Statistics<?> stats = column.getStatistics();
                        long min = clicks.stream().mapToLong(c -> c.getEventTs().toEpochMilli()).min().orElseThrow();
                        long max = clicks.stream().mapToLong(c -> c.getEventTs().toEpochMilli()).max().orElseThrow();
                        assertThat(stats.genericGetMin()).isEqualTo(min);
                        assertThat(stats.genericGetMax()).isEqualTo(max);
                    }
                }
            }
        }
        assertThat(RawParquetReader.clicks().read(new LocalInputFile(path)).events()).containsExactlyElementsOf(clicks);
    }

    @Test
    void streamingReadHandsOverEveryRowInOrder() throws BadRawObjectException {
        List<Checkout> checkouts = SampleEvents.checkouts();
        byte[] file = new RawParquetWriter(EventType.CHECKOUT).write(checkouts);
        List<Checkout> seen = new ArrayList<>();

        long count = RawParquetReader.checkouts().read(new ByteArrayInputFile(file), seen::add,
                r -> { throw new AssertionError(r.toString()); });

        assertThat(count).isEqualTo(checkouts.size());
        assertThat(seen).containsExactlyElementsOf(checkouts);
    }

    @Test
    void anEmptyBatchIsAValidFileWithNoRows() throws BadRawObjectException {
        byte[] file = new RawParquetWriter(EventType.CLICK).write(List.of());
        assertThat(RawParquetReader.clicks().read(file, "empty-batch").rowCount()).isZero();
    }

    @Test
    void aWriterRefusesEventsOfTheOtherType() {
        RawParquetWriter clickWriter = new RawParquetWriter(EventType.CLICK);
        assertThatThrownBy(() -> clickWriter.write(List.of(SampleEvents.checkouts().get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Checkout");
    }

    @Test
    void forTypeReadsTheRightClass() throws BadRawObjectException {
        byte[] file = new RawParquetWriter(EventType.CHECKOUT).write(SampleEvents.checkouts());
        assertThat(RawParquetReader.forType(EventType.CHECKOUT).read(file, "k").events())
                .allSatisfy(e -> assertThat(e).isInstanceOf(Checkout.class));
    }
}
