package com.clickstream.attribution.stream.attribution;

import com.clickstream.attribution.core.event.Checkout;
import com.clickstream.attribution.core.event.Click;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;

/**
 * The per-user state as bytes in Spark's state store: one Avro record ({@link #SCHEMA}: the user's
 * clicks and open checkouts, as the contract's own {@code Click} and {@code Checkout} records) in
 * Avro's single-object encoding: the marker {@code C3 01}, the CRC-64-AVRO fingerprint of the writer
 * schema (8 bytes, little-endian), then the Avro binary body.
 *
 * <p>Why: Java serialization of classes holding Avro records tied every checkpoint to the exact
 * classes of the release that wrote it, so any change to the state class or the contract failed the
 * next release on its own checkpoint. Here the fingerprint names the writer schema, and the reader
 * resolves it to the current {@link #SCHEMA} with Avro's schema resolution: a field added with a
 * default (an optional field of the contract, or of the state) reads from an older checkpoint.
 *
 * <p>Every writer schema a release has shipped is committed under {@value #HISTORY} (listed in
 * {@value #HISTORY_INDEX}); the decoder knows them all. {@code StateCodecTest} fails when the current
 * schema is not among them, so a release that changes the contract or the state commits its schema
 * (docs/streaming.md, "State format").
 */
public final class StateCodec {

    /** Namespace of the state records (not the contract's: the state is no wire format). */
    public static final String NAMESPACE = "com.clickstream.attribution.stream.state";
    /** Folder of the committed writer schemas, one {@code .avsc} per released state format. */
    public static final String HISTORY = "/state-format/";
    public static final String HISTORY_INDEX = HISTORY + "versions.txt";

    /** The state record as this release writes it, built from the contract's schemas. */
    public static final Schema SCHEMA = currentSchema();

    private static final SpecificData MODEL = model();
    private static final StateCodec CURRENT = new StateCodec(SCHEMA, committedSchemas());

    private final Schema schema;
    private final BinaryMessageEncoder<GenericRecord> encoder;
    private final BinaryMessageDecoder<GenericRecord> decoder;

    /** A codec that writes {@code writer} and reads whatever any of {@code known} (and {@code writer}) wrote. */
    StateCodec(Schema writer, Collection<Schema> known) {
        this.schema = Objects.requireNonNull(writer, "writer");
        this.encoder = new BinaryMessageEncoder<>(MODEL, writer);
        this.decoder = new BinaryMessageDecoder<>(MODEL, SCHEMA);
        decoder.addSchema(writer);
        known.forEach(decoder::addSchema);
    }

    /** The codec the job uses: writes {@link #SCHEMA}, reads every committed format. */
    public static StateCodec current() {
        return CURRENT;
    }

    public byte[] encode(UserAttributionState state) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("clicks", new ArrayList<>(state.clicks().values()));
        Schema pendingSchema = schema.getField("checkouts").schema().getElementType();
        List<GenericRecord> pending = new ArrayList<>();
        for (UserAttributionState.PendingCheckout p : state.pendingCheckouts().values()) {
            GenericRecord r = new GenericData.Record(pendingSchema);
            r.put("checkout", p.checkout());
            r.put("credited", p.credited());
            pending.add(r);
        }
        record.put("checkouts", pending);
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the attribution state", e);
        }
    }

    @SuppressWarnings("unchecked")
    public UserAttributionState decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xAC && (bytes[1] & 0xFF) == 0xED) {
            throw new IllegalStateException("the checkpoint holds Java-serialized attribution state, written before "
                    + "the versioned state format (format 1): start from a new checkpoint and let the reconciler "
                    + "repair the gap (docs/streaming.md, State format)");
        }
        GenericRecord record;
        try {
            record = decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new IllegalStateException("attribution state written with a schema this release does not know ("
                    + e.getMessage() + "): a checkpoint of a newer release, or a state schema that was not committed "
                    + "under " + HISTORY + " (docs/streaming.md, State format)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not decode the attribution state", e);
        }
        List<Click> clicks = new ArrayList<>((Collection<Click>) record.get("clicks"));
        List<UserAttributionState.PendingCheckout> pending = new ArrayList<>();
        for (GenericRecord p : (Collection<GenericRecord>) record.get("checkouts")) {
            pending.add(new UserAttributionState.PendingCheckout((Checkout) p.get("checkout"), (Click) p.get("credited")));
        }
        return UserAttributionState.restore(clicks, pending);
    }

    /** CRC-64-AVRO fingerprint of a schema's canonical form, as the encoding's header carries it. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static Schema currentSchema() {
        Schema pending = SchemaBuilder.record("PendingCheckout").namespace(NAMESPACE)
                .doc("A checkout still open to better clicks (items stripped: they were written with its first answer).")
                .fields()
                .name("checkout").type(Checkout.getClassSchema()).noDefault()
                .name("credited").doc("The credited click; null while unattributed.")
                .type().optional().type(Click.getClassSchema())
                .endRecord();
        return SchemaBuilder.record("UserState").namespace(NAMESPACE)
                .doc("What the stream remembers about one user between micro-batches (UserAttributionState).")
                .fields()
                .name("clicks").type().array().items(Click.getClassSchema()).noDefault()
                .name("checkouts").type().array().items(pending).noDefault()
                .endRecord();
    }

    /** Generated contract classes for the contract's records, generic records for the state's own. */
    private static SpecificData model() {
        SpecificData model = new SpecificData(StateCodec.class.getClassLoader());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    /** The writer schemas of every released state format, from {@value #HISTORY_INDEX}. */
    static List<Schema> committedSchemas() {
        List<Schema> schemas = new ArrayList<>();
        try (InputStream index = StateCodec.class.getResourceAsStream(HISTORY_INDEX)) {
            if (index == null) {
                throw new IllegalStateException("missing resource " + HISTORY_INDEX);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = StateCodec.class.getResourceAsStream(HISTORY + name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + HISTORY + name);
                    }
                    schemas.add(new Schema.Parser().parse(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }
}
