package com.clickstream.attribution.bench.b3;

import com.clickstream.attribution.core.rules.Attribution;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The rows every B3 path writes: attributed_checkouts rows (and their line items), held column-wise
 * (about 60 bytes a row instead of ~1 KB of objects), with the repeated strings in dictionaries.
 * Values are built on access, so each path turns the same rows into its own input objects.
 *
 * <p>Uses only the JDK: the streaming worker reads it in a child JVM on the streaming job's
 * classpath ({@link #write}/{@link #read}), so every path writes exactly the rows the parent built.
 * Row order is checkout time order (how the stream sees them); {@link #byUser()} gives the
 * reconciler's order (user by user).
 */
public final class CheckoutRowSet {

    private static final int FORMAT = 1;

    /** One line of a checkout. */
    public record Item(String productId, String productName, BigDecimal unitPrice, int quantity) {
    }

    /** Dictionaries: products (id, name, category, price in cents), traffic sources, campaigns, devices, currency. */
    record Dictionaries(String[] productIds, String[] productNames, String[] productCategories, long[] priceCents,
                        String[] sources, String[] campaigns, String[] devices, String currency) {
    }

    private final String idPrefix;
    private final Dictionaries dict;
    private final long[] checkoutTsMillis;
    private final int[] userIndex;
    private final long[] revenueCents;
    private final byte[] source;       // index into sources; -1 = unattributed
    private final byte[] campaign;     // -1 = none
    private final byte[] device;       // -1 when unattributed
    private final short[] firstProduct; // -1 when unattributed
    private final long[] clickTsMillis;
    private final long[] clickNumber;
    private final int[] itemStart;     // items of row i: [itemStart[i], itemStart[i + 1])
    private final short[] itemProduct;
    private final byte[] itemQuantity;

    CheckoutRowSet(String idPrefix, Dictionaries dict, long[] checkoutTsMillis, int[] userIndex, long[] revenueCents,
            byte[] source, byte[] campaign, byte[] device, short[] firstProduct, long[] clickTsMillis,
            long[] clickNumber, int[] itemStart, short[] itemProduct, byte[] itemQuantity) {
        this.idPrefix = Objects.requireNonNull(idPrefix);
        this.dict = Objects.requireNonNull(dict);
        int n = checkoutTsMillis.length;
        for (Object column : List.of(userIndex, revenueCents, source, campaign, device, firstProduct, clickTsMillis,
                clickNumber)) {
            if (java.lang.reflect.Array.getLength(column) != n) {
                throw new IllegalArgumentException("columns of different lengths");
            }
        }
        if (itemStart.length != n + 1 || itemProduct.length != itemStart[n] || itemQuantity.length != itemStart[n]) {
            throw new IllegalArgumentException("item columns do not match the rows");
        }
        this.checkoutTsMillis = checkoutTsMillis;
        this.userIndex = userIndex;
        this.revenueCents = revenueCents;
        this.source = source;
        this.campaign = campaign;
        this.device = device;
        this.firstProduct = firstProduct;
        this.clickTsMillis = clickTsMillis;
        this.clickNumber = clickNumber;
        this.itemStart = itemStart;
        this.itemProduct = itemProduct;
        this.itemQuantity = itemQuantity;
    }

    public int size() {
        return checkoutTsMillis.length;
    }

    public String checkoutId(int i) {
        return "ord-" + idPrefix + "-" + (i + 1);
    }

    public String userId(int i) {
        return userIdOf(userIndex[i]);
    }

    /** The generator's user id format ({@code u-000042}). */
    static String userIdOf(int user) {
        String digits = Integer.toString(user);
        return digits.length() >= 6 ? "u-" + digits : "u-" + "000000".substring(digits.length()) + digits;
    }

    int userIndex(int i) {
        return userIndex[i];
    }

    public Instant checkoutTs(int i) {
        return Instant.ofEpochMilli(checkoutTsMillis[i]);
    }

    public long revenueCents(int i) {
        return revenueCents[i];
    }

    public BigDecimal revenue(int i) {
        return BigDecimal.valueOf(revenueCents[i], 2);
    }

    public String currency(int i) {
        return dict.currency();
    }

    public boolean attributed(int i) {
        return source[i] >= 0;
    }

    public String clickId(int i) {
        return attributed(i) ? "clk-" + idPrefix + "-" + clickNumber[i] : null;
    }

    public Instant clickTs(int i) {
        return attributed(i) ? Instant.ofEpochMilli(clickTsMillis[i]) : null;
    }

    public String trafficSource(int i) {
        return attributed(i) ? dict.sources()[source[i]] : Attribution.UNATTRIBUTED;
    }

    public String campaignId(int i) {
        return campaign[i] >= 0 ? dict.campaigns()[campaign[i]] : null;
    }

    public String deviceType(int i) {
        return device[i] >= 0 ? dict.devices()[device[i]] : null;
    }

    public String firstProductId(int i) {
        return firstProduct[i] >= 0 ? dict.productIds()[firstProduct[i]] : null;
    }

    public String firstProductCategory(int i) {
        return firstProduct[i] >= 0 ? dict.productCategories()[firstProduct[i]] : null;
    }

    public int itemCount(int i) {
        return itemStart[i + 1] - itemStart[i];
    }

    /** Line {@code line} (0-based) of row {@code i}. */
    public Item item(int i, int line) {
        int k = itemStart[i] + line;
        int p = itemProduct[k];
        return new Item(dict.productIds()[p], dict.productNames()[p], BigDecimal.valueOf(dict.priceCents()[p], 2),
                itemQuantity[k]);
    }

    public int totalItems() {
        return itemStart[size()];
    }

    /** Row indexes user by user (users ascending, each user's checkouts in time order): the reconciler's order. */
    public int[] byUser() {
        Integer[] order = new Integer[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> userIndex[a] != userIndex[b] ? Integer.compare(userIndex[a], userIndex[b])
                : Integer.compare(a, b));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    // ---- file form, for the child JVM ----------------------------------------------------------------

    public void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeUTF(idPrefix);
            writeStrings(out, dict.productIds());
            writeStrings(out, dict.productNames());
            writeStrings(out, dict.productCategories());
            writeLongs(out, dict.priceCents());
            writeStrings(out, dict.sources());
            writeStrings(out, dict.campaigns());
            writeStrings(out, dict.devices());
            out.writeUTF(dict.currency());
            int n = size();
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeLong(checkoutTsMillis[i]);
                out.writeInt(userIndex[i]);
                out.writeLong(revenueCents[i]);
                out.writeByte(source[i]);
                out.writeByte(campaign[i]);
                out.writeByte(device[i]);
                out.writeShort(firstProduct[i]);
                out.writeLong(clickTsMillis[i]);
                out.writeLong(clickNumber[i]);
                out.writeInt(itemStart[i]);
            }
            out.writeInt(itemStart[n]);
            for (int k = 0; k < itemStart[n]; k++) {
                out.writeShort(itemProduct[k]);
                out.writeByte(itemQuantity[k]);
            }
        }
    }

    public static CheckoutRowSet read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != FORMAT) {
                throw new IOException(file + " is not a row set of format " + FORMAT);
            }
            String prefix = in.readUTF();
            Dictionaries dict = new Dictionaries(readStrings(in), readStrings(in), readStrings(in), readLongs(in),
                    readStrings(in), readStrings(in), readStrings(in), in.readUTF());
            int n = in.readInt();
            long[] ts = new long[n];
            int[] user = new int[n];
            long[] revenue = new long[n];
            byte[] src = new byte[n];
            byte[] camp = new byte[n];
            byte[] dev = new byte[n];
            short[] product = new short[n];
            long[] clickTs = new long[n];
            long[] clickNo = new long[n];
            int[] start = new int[n + 1];
            for (int i = 0; i < n; i++) {
                ts[i] = in.readLong();
                user[i] = in.readInt();
                revenue[i] = in.readLong();
                src[i] = in.readByte();
                camp[i] = in.readByte();
                dev[i] = in.readByte();
                product[i] = in.readShort();
                clickTs[i] = in.readLong();
                clickNo[i] = in.readLong();
                start[i] = in.readInt();
            }
            start[n] = in.readInt();
            short[] itemProduct = new short[start[n]];
            byte[] quantity = new byte[start[n]];
            for (int k = 0; k < start[n]; k++) {
                itemProduct[k] = in.readShort();
                quantity[k] = in.readByte();
            }
            return new CheckoutRowSet(prefix, dict, ts, user, revenue, src, camp, dev, product, clickTs, clickNo, start,
                    itemProduct, quantity);
        }
    }

    private static void writeStrings(DataOutputStream out, String[] values) throws IOException {
        out.writeInt(values.length);
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static String[] readStrings(DataInputStream in) throws IOException {
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readUTF();
        }
        return values;
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}
