package com.clickstream.attribution.rawlanding.buffer;

import com.clickstream.attribution.core.contract.RejectReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * One rejected record as a JSON line, in the shape of Firehose's error records (so a tool that reads
 * Firehose's error output reads these too): {@code attemptsMade}, {@code arrivalTimestamp} (epoch
 * ms), {@code errorCode} (our reason code, e.g. {@code missing_field}), {@code errorMessage},
 * {@code attemptEndingTimestamp}, {@code rawData} (the record's bytes, base64), plus where it came
 * from: {@code sourceStream}, {@code shardId}, {@code sequenceNumber}, {@code partitionKey}.
 */
public final class ErrorRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorRecord() {
    }

    public static String toJsonLine(RejectReason reason, String message, byte[] rawData, Instant arrival,
            Instant processedAt, String stream, String shardId, String sequenceNumber, String partitionKey) {
        ObjectNode node = JSON.createObjectNode()
                .put("attemptsMade", 1)
                .put("arrivalTimestamp", arrival.toEpochMilli())
                .put("errorCode", reason.code())
                .put("errorMessage", message)
                .put("attemptEndingTimestamp", processedAt.toEpochMilli())
                .put("rawData", Base64.getEncoder().encodeToString(rawData))
                .put("sourceStream", stream)
                .put("shardId", shardId)
                .put("sequenceNumber", sequenceNumber)
                .put("partitionKey", partitionKey);
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
