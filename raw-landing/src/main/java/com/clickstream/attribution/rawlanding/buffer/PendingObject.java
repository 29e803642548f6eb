package com.clickstream.attribution.rawlanding.buffer;

/**
 * An object ready to be written.
 *
 * @param key     its S3 key (raw/... or raw-errors/...)
 * @param bytes   Parquet, or JSON lines for errors
 * @param errors  true for an error object
 * @param records how many records it holds
 */
public record PendingObject(String key, byte[] bytes, boolean errors, int records) {
}
