package com.clickstream.attribution.rawstore.parquet;

import com.clickstream.attribution.core.contract.RejectReason;
import java.util.Objects;

/**
 * A row of a readable raw file that is not a valid event (e.g. a null in a required column: Firehose
 * writes every column nullable and does not validate). Kept and counted by the caller, never dropped.
 *
 * @param row    0-based row number in the file
 * @param reason the contract's reason code
 * @param detail which column and what was wrong
 */
public record RejectedRow(long row, RejectReason reason, String detail) {

    public RejectedRow {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
