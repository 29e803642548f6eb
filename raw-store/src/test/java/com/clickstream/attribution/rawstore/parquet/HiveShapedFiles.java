package com.clickstream.attribution.rawstore.parquet;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.event.LineItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * STUB of Firehose's Parquet output (no Firehose runs here): files with the schema Hive's Parquet
 * writer (Firehose's record format conversion) produces from the Glue table: every column optional,
 * strings BINARY (STRING), bigint plain INT64, decimal(p,s) FIXED_LEN_BYTE_ARRAY of the fewest bytes,
 * array&lt;struct&gt; as {@code optional group (LIST) { repeated group bag { optional group array_element }}},
 * no Avro metadata. Written with parquet's example Group writer, independent of parquet-avro.
 * Each column is a (declaration, value writer) pair so a test can swap one for a wrong type.
 */
final class HiveShapedFiles {

    /** Appends one column's value of an event to a row. */
    interface ValueWriter<E> {
        void write(Group row, String column, E event);
    }

    record Column<E>(String declaration, ValueWriter<E> writer) {
    }

    private HiveShapedFiles() {
    }

    static Map<String, Column<Click>> clickColumns() {
        Map<String, Column<Click>> c = new LinkedHashMap<>();
        c.put("event_id", string(Click::getEventId));
        c.put("event_type", string(Click::getEventType));
        c.put("user_id", string(Click::getUserId));
        c.put("session_id", string(Click::getSessionId));
        c.put("product_id", string(Click::getProductId));
        c.put("product_name", string(Click::getProductName));
        c.put("product_category", string(Click::getProductCategory));
        c.put("product_price", new Column<>("optional fixed_len_byte_array(5) %s (DECIMAL(10,2))",
                (g, n, e) -> g.append(n, Binary.fromConstantByteArray(fixed(e.getProductPrice(), 5)))));
        c.put("traffic_source", string(Click::getTrafficSource));
        c.put("campaign_id", string(Click::getCampaignId));
        c.put("device_type", string(Click::getDeviceType));
        c.put("page_url", string(Click::getPageUrl));
        c.put("event_ts", new Column<>("optional int64 %s", (g, n, e) -> g.append(n, e.getEventTs().toEpochMilli())));
        return c;
    }

    static Map<String, Column<Checkout>> checkoutColumns() {
        Map<String, Column<Checkout>> c = new LinkedHashMap<>();
        c.put("event_id", string(Checkout::getEventId));
        c.put("event_type", string(Checkout::getEventType));
        c.put("user_id", string(Checkout::getUserId));
        c.put("session_id", string(Checkout::getSessionId));
        c.put("items", new Column<>("""
                optional group %s (LIST) {
                  repeated group bag {
                    optional group array_element {
                      optional binary product_id (STRING);
                      optional binary product_name (STRING);
                      optional fixed_len_byte_array(5) unit_price (DECIMAL(10,2));
                      optional int32 quantity;
                    }
                  }
                }""", (g, n, e) -> {
            Group items = g.addGroup(n);
            for (LineItem item : e.getItems()) {
                Group element = items.addGroup("bag").addGroup("array_element");
                element.append("product_id", item.getProductId());
                element.append("product_name", item.getProductName());
                element.append("unit_price", Binary.fromConstantByteArray(fixed(item.getUnitPrice(), 5)));
                element.append("quantity", item.getQuantity());
            }
        }));
        c.put("total_amount", new Column<>("optional fixed_len_byte_array(6) %s (DECIMAL(12,2))",
                (g, n, e) -> g.append(n, Binary.fromConstantByteArray(fixed(e.getTotalAmount(), 6)))));
        c.put("currency", string(Checkout::getCurrency));
        c.put("payment_method", string(Checkout::getPaymentMethod));
        c.put("event_ts", new Column<>("optional int64 %s", (g, n, e) -> g.append(n, e.getEventTs().toEpochMilli())));
        return c;
    }

    static <E> byte[] write(Map<String, Column<E>> columns, List<E> events) {
        StringBuilder schema = new StringBuilder("message hive_schema {\n");
        columns.forEach((name, column) -> {
            String declaration = column.declaration().formatted(name);
            schema.append("  ").append(declaration).append(declaration.endsWith("}") ? "\n" : ";\n");
        });
        MessageType type = MessageTypeParser.parseMessageType(schema.append("}").toString());
        ByteArrayOutputFile out = new ByteArrayOutputFile();
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(out)
                .withConf(new PlainParquetConfiguration())
                .withType(type)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build()) {
            for (E event : events) {
                Group row = groups.newGroup();
                columns.forEach((name, column) -> column.writer().write(row, name, event));
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An optional string column; a null value is simply not written. */
    static <E> Column<E> string(java.util.function.Function<E, String> getter) {
        return new Column<>("optional binary %s (STRING)", (g, n, e) -> {
            String value = getter.apply(e);
            if (value != null) {
                g.append(n, value);
            }
        });
    }

    /** Two's-complement big-endian unscaled value, sign-extended to {@code size} bytes (Hive's encoding). */
    static byte[] fixed(BigDecimal value, int size) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        byte[] out = new byte[size];
        byte pad = (byte) (value.signum() < 0 ? 0xff : 0x00);
        int offset = size - unscaled.length;
        for (int i = 0; i < size; i++) {
            out[i] = i < offset ? pad : unscaled[i - offset];
        }
        return out;
    }
}
