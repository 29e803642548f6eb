package com.clickstream.attribution.rawstore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.core.contract.RejectReason;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.SampleEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A row's event_type is judged first, as EventParser judges a record's (found by the malformed corpus:
 * a checkout on the clicks stream converts to a click row with nulls, and must be wrong_stream, not
 * missing_field). STUB Firehose-shaped files ({@link HiveShapedFiles}), every column optional.
 */
class RowEventTypeTest {

    @Test
    void aRowOfAnotherTypeOrNoTypeIsRejectedForItsTypeBeforeAnyMissingField() throws BadRawObjectException {
        List<Click> clicks = SampleEvents.clicks().subList(0, 4);
        Map<String, HiveShapedFiles.Column<Click>> columns = HiveShapedFiles.clickColumns();
        Map<String, String> types = Map.of(clicks.get(0).getEventId(), "checkout", clicks.get(1).getEventId(), "view");
        columns.put("event_type", HiveShapedFiles.string(c -> c.getEventId().equals(clicks.get(2).getEventId())
                ? null : types.getOrDefault(c.getEventId(), "click")));
        columns.put("user_id", HiveShapedFiles.string(c -> c == clicks.get(3) ? c.getUserId() : null));

        RawRows<Click> rows = RawParquetReader.clicks().read(HiveShapedFiles.write(columns, clicks), "f");

        assertThat(rows.rejected()).extracting(RejectedRow::reason).containsExactly(RejectReason.WRONG_STREAM,
                RejectReason.UNKNOWN_EVENT_TYPE, RejectReason.UNKNOWN_EVENT_TYPE);
        assertThat(rows.rejected().get(0).detail()).contains("'checkout' in a click file");
        assertThat(rows.events()).containsExactly(clicks.get(3));
    }
}
