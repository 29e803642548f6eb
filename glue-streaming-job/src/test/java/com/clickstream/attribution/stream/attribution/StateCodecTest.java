package com.clickstream.attribution.stream.attribution;

import static com.clickstream.attribution.stream.TestEvents.checkout;
import static com.clickstream.attribution.stream.TestEvents.click;
import static com.clickstream.attribution.stream.TestEvents.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.core.rules.AttributionWindow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The versioned state format: what it writes, that this release's schema is committed, and that a
 * state written by an older schema (a field added since, with a default) still reads.
 */
class StateCodecTest {

    private static final AttributionWindow W = AttributionWindow.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static UserAttributionState sample() {
        UserAttributionState state = new UserAttributionState();
        state.apply(List.of(click("k-1", "u1", minutes(50), "google"), click("k-2", "u1", minutes(55), "email")),
                List.of(checkout("o-1", "u1", minutes(60), "12.50"), checkout("o-2", "u1", minutes(59).minusSeconds(3600 * 2), "1.00")),
                0, W);
        return state;
    }

    @Test
    void aStateReadsBackWithItsClicksOpenCheckoutsAndCreditedClicks() {
        UserAttributionState state = sample();

        UserAttributionState copy = StateCodec.current().decode(StateCodec.current().encode(state));

        assertThat(copy.clicks()).isEqualTo(state.clicks());
        assertThat(copy.pendingCheckouts()).isEqualTo(state.pendingCheckouts());
        assertThat(copy.pendingCheckouts().get("o-1").credited().getEventId()).isEqualTo("k-1");
        assertThat(copy.pendingCheckouts().get("o-2").credited()).isNull();
        assertThat(copy.clicks().get("k-1").getProductPrice()).isEqualByComparingTo("10.00");
        assertThat(copy.pendingCheckouts().get("o-1").checkout().getTotalAmount()).isEqualByComparingTo("12.50");
    }

    @Test
    void theBytesAreAvroSingleObjectEncodingWithTheWriterSchemasFingerprint() {
        byte[] bytes = StateCodec.current().encode(sample());

        assertThat(bytes[0] & 0xFF).isEqualTo(0xC3);
        assertThat(bytes[1] & 0xFF).isEqualTo(0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(StateCodec.fingerprint(StateCodec.SCHEMA));
    }

    /**
     * The writer schema of this release must be committed, so that later releases can read its
     * checkpoints. When the contract or the state record changes, this fails: add the printed schema as
     * the next {@code state-format/vN.avsc}, list it in versions.txt, and note it in docs/streaming.md.
     */
    @Test
    void thisReleasesStateSchemaIsCommitted() {
        List<Long> committed = StateCodec.committedSchemas().stream().map(StateCodec::fingerprint).toList();

        assertThat(committed).as("fingerprints of the committed state formats; this release writes:%n%s",
                StateCodec.SCHEMA.toString(true)).contains(StateCodec.fingerprint(StateCodec.SCHEMA));
        assertThat(committed).as("each committed format once").doesNotHaveDuplicates();
    }

    @Test
    void anOlderCheckpointWithoutAnOptionalContractFieldReadsWithItsDefault() throws Exception {
        // as if campaign_id had been added to the contract (optional, default null) after the state was written
        Schema older = withoutField(StateCodec.SCHEMA, "Click", "campaign_id");
        Click clickWithCampaign = Click.newBuilder(click("k-1", "u1", minutes(50), "google")).setCampaignId("spring").build();
        UserAttributionState state = new UserAttributionState();
        state.apply(List.of(clickWithCampaign), List.of(checkout("o-1", "u1", minutes(60), "12.50")), 0, W);

        byte[] bytes = encodeAs(older, state);
        UserAttributionState read = new StateCodec(StateCodec.SCHEMA, List.of(older)).decode(bytes);

        assertThat(read.clicks().get("k-1").getCampaignId()).isNull();
        assertThat(read.clicks().get("k-1").getTrafficSource()).isEqualTo("google");
        assertThat(read.pendingCheckouts().get("o-1").credited().getEventId()).isEqualTo("k-1");
        // and the state goes on working: an earlier click still wins
        assertThat(read.apply(List.of(click("k-0", "u1", minutes(45), "email")), List.of(), 0, W).answers())
                .singleElement().satisfies(a -> assertThat(a.attribution().trafficSource()).isEqualTo("email"));
    }

    @Test
    void anOlderCheckpointWithoutAnOptionalStateFieldReadsWithItsDefault() throws Exception {
        // as if the credited click had been added to the state record (optional, default null) later
        Schema older = withoutField(StateCodec.SCHEMA, "PendingCheckout", "credited");
        byte[] bytes = encodeAs(older, sample());

        UserAttributionState read = new StateCodec(StateCodec.SCHEMA, List.of(older)).decode(bytes);

        assertThat(read.pendingCheckouts()).containsOnlyKeys("o-1", "o-2");
        assertThat(read.pendingCheckouts().get("o-1").credited()).isNull();
        assertThat(read.clicks()).containsOnlyKeys("k-1", "k-2");
    }

    @Test
    void aStateWrittenWithAnUnknownSchemaIsRefusedNamingWhatToDo() throws Exception {
        Schema unknown = withoutField(StateCodec.SCHEMA, "Click", "campaign_id");
        byte[] bytes = encodeAs(unknown, sample());

        assertThatThrownBy(() -> StateCodec.current().decode(bytes))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not know")
                .hasMessageContaining("State format");
    }

    @Test
    void aJavaSerializedStateFromBeforeFormatOneIsRefusedWithTheReset() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(new ArrayList<>(List.of("old state")));
        }

        assertThatThrownBy(() -> StateCodec.current().decode(out.toByteArray()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Java-serialized")
                .hasMessageContaining("new checkpoint");
    }

    /** {@code schema} with field {@code field} removed from the record named {@code record} (wherever defined). */
    private static Schema withoutField(Schema schema, String record, String field) throws Exception {
        JsonNode root = JSON.readTree(schema.toString());
        remove(root, record, field);
        return new Schema.Parser().parse(JSON.writeValueAsString(root));
    }

    private static void remove(JsonNode node, String record, String field) {
        if (node.isObject()) {
            if ("record".equals(node.path("type").asText()) && record.equals(node.path("name").asText())) {
                ArrayNode fields = (ArrayNode) node.get("fields");
                for (Iterator<JsonNode> it = fields.iterator(); it.hasNext(); ) {
                    if (field.equals(it.next().path("name").asText())) {
                        it.remove();
                    }
                }
            }
            ((ObjectNode) node).forEach(child -> remove(child, record, field));
        } else if (node.isArray()) {
            node.forEach(child -> remove(child, record, field));
        }
    }

    /** The state written as an older release would have: generic records of {@code writer}, fields by name. */
    private static byte[] encodeAs(Schema writer, UserAttributionState state) throws Exception {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GenericRecord record = new GenericData.Record(writer);
        Schema clickSchema = writer.getField("clicks").schema().getElementType();
        Schema pendingSchema = writer.getField("checkouts").schema().getElementType();
        record.put("clicks", state.clicks().values().stream().map(c -> copy(c, clickSchema)).toList());
        List<GenericRecord> pending = new ArrayList<>();
        for (UserAttributionState.PendingCheckout p : state.pendingCheckouts().values()) {
            GenericRecord r = new GenericData.Record(pendingSchema);
            r.put("checkout", copy(p.checkout(), pendingSchema.getField("checkout").schema()));
            if (pendingSchema.getField("credited") != null && p.credited() != null) {
                r.put("credited", copy(p.credited(), clickSchema));
            }
            pending.add(r);
        }
        record.put("checkouts", pending);
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(model, writer).encode(record);
        return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                buffer.arrayOffset() + buffer.limit());
    }

    private static GenericRecord copy(IndexedRecord from, Schema to) {
        GenericRecord r = new GenericData.Record(to);
        for (Schema.Field f : to.getFields()) {
            Object value = from.get(from.getSchema().getField(f.name()).pos());
            if (value instanceof List<?> list && f.schema().getType() == Schema.Type.ARRAY
                    && f.schema().getElementType().getType() == Schema.Type.RECORD) {
                value = list.stream().map(v -> copy((IndexedRecord) v, f.schema().getElementType())).toList();
            }
            r.put(f.name(), value);
        }
        return r;
    }
}
