package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.parquet.ByteArrayOutputFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** A valid Parquet file of clicks whose {@code event_ts} column is a string: an unexpected column type. */
public final class BadParquet {

    private BadParquet() {
    }

    public static byte[] clicksWithStringEventTs(Click click) {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message click {
                  optional binary event_id (STRING);
                  optional binary event_type (STRING);
                  optional binary user_id (STRING);
                  optional binary session_id (STRING);
                  optional binary product_id (STRING);
                  optional binary product_name (STRING);
                  optional binary product_category (STRING);
                  optional fixed_len_byte_array(5) product_price (DECIMAL(10,2));
                  optional binary traffic_source (STRING);
                  optional binary campaign_id (STRING);
                  optional binary device_type (STRING);
                  optional binary page_url (STRING);
                  optional binary event_ts (STRING);
                }
                """);
        ByteArrayOutputFile out = new ByteArrayOutputFile();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(out).withType(schema).build()) {
            Group row = new SimpleGroupFactory(schema).newGroup()
                    .append("event_id", click.getEventId())
                    .append("event_type", "click")
                    .append("user_id", click.getUserId())
                    .append("session_id", click.getSessionId())
                    .append("product_id", click.getProductId())
                    .append("product_name", click.getProductName())
                    .append("product_category", click.getProductCategory())
                    .append("product_price", Binary.fromConstantByteArray(fixed5(click.getProductPrice())))
                    .append("traffic_source", click.getTrafficSource())
                    .append("device_type", click.getDeviceType())
                    .append("page_url", click.getPageUrl())
                    .append("event_ts", click.getEventTs().toString());
            writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A decimal's unscaled value as 5 big-endian two's-complement bytes. */
    private static byte[] fixed5(BigDecimal value) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        byte[] out = new byte[5];
        byte pad = (byte) (value.signum() < 0 ? -1 : 0);
        java.util.Arrays.fill(out, pad);
        System.arraycopy(unscaled, 0, out, 5 - unscaled.length, unscaled.length);
        return out;
    }
}
