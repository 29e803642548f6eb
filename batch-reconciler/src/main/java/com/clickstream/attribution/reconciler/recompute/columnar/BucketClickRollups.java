package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A bucket's click rollups counted from codes, as {@link RollupTotals#addUserClicks} counts each user's clicks:
 * per (day, source, device) the clicks, each user's distinct sessions and the users; per (day, product) the
 * clicks and each user's distinct sessions, with the smallest category. Users are added one at a time
 * ({@link #addUser}); the bucket's totals live in primitive arrays until {@link #addTo}.
 */
final class BucketClickRollups {

    private static final long DAY_MS = 86_400_000L;

    private final FieldCodes codes;
    private final int[] categoryRank;
    private final Groups groups = new Groups();
    private final Groups products = new Groups();
    /** Per counted row of the user: (group slot, session) and (product slot, session), sorted to count distinct ones. */
    private long[] groupSession = new long[64];
    private long[] productSession = new long[64];

    BucketClickRollups(FieldCodes codes) {
        this.codes = codes;
        this.categoryRank = codes.ranks(ClickFields.PRODUCT_CATEGORY);
    }

    /** Starts a new bucket. */
    void clear() {
        groups.clear();
        products.clear();
    }

    /** Adds one user's counted click rows {@code rows[0, n)}, {@code sessions[i]} the id of row i's session within the user. */
    void addUser(BucketClicks c, int[] rows, int[] sessions, int n) {
        if (groupSession.length < n) {
            groupSession = new long[n * 2];
            productSession = new long[n * 2];
        }
        int[] source = c.code[ClickFields.TRAFFIC_SOURCE];
        int[] device = c.code[ClickFields.DEVICE_TYPE];
        int[] product = c.code[ClickFields.PRODUCT_ID];
        int[] category = c.code[ClickFields.PRODUCT_CATEGORY];
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            long day = Math.floorDiv(c.ts[r], DAY_MS);
            int g = groups.slot(day, source[r], device[r]);
            int p = products.slot(day, product[r], 0);
            groups.clicks[g]++;
            products.clicks[p]++;
            int least = products.least[p];
            if (least < 0 || categoryRank[category[r]] < categoryRank[least]) {
                products.least[p] = category[r];
            }
            groupSession[i] = (long) g << 32 | sessions[i];
            productSession[i] = (long) p << 32 | sessions[i];
        }
        // the user counts once per group, each of its sessions once per group and per product
        Arrays.sort(groupSession, 0, n);
        Arrays.sort(productSession, 0, n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || groupSession[i] != groupSession[i - 1]) {
                int g = (int) (groupSession[i] >>> 32);
                groups.sessions[g]++;
                if (i == 0 || g != (int) (groupSession[i - 1] >>> 32)) {
                    groups.users[g]++;
                }
            }
            if (i == 0 || productSession[i] != productSession[i - 1]) {
                products.sessions[(int) (productSession[i] >>> 32)]++;
            }
        }
    }

    /** Adds the bucket's counts to {@code totals}. */
    void addTo(RollupTotals totals) {
        for (int s = 0; s < groups.size; s++) {
            totals.addClickGroup(new RollupTotals.ClickKey(LocalDate.ofEpochDay(groups.day[s]),
                            codes.string(ClickFields.TRAFFIC_SOURCE, groups.a[s]), codes.string(ClickFields.DEVICE_TYPE, groups.b[s])),
                    new RollupTotals.Counts(groups.clicks[s], groups.sessions[s], groups.users[s]));
        }
        for (int s = 0; s < products.size; s++) {
            totals.addProductGroup(new RollupTotals.ProductKey(LocalDate.ofEpochDay(products.day[s]),
                            codes.string(ClickFields.PRODUCT_ID, products.a[s])),
                    new RollupTotals.Counts(products.clicks[s], products.sessions[s], 0),
                    codes.string(ClickFields.PRODUCT_CATEGORY, products.least[s]));
        }
    }

    /** Counters per key {@code (day, a, b)} in an open-addressing table. */
    private static final class Groups {
        long[] day = new long[64];
        int[] a = new int[64];
        int[] b = new int[64];
        long[] clicks = new long[64];
        long[] sessions = new long[64];
        long[] users = new long[64];
        int[] least = new int[64];
        int[] table = new int[128]; // slot + 1, 0 = empty
        int size;

        void clear() {
            Arrays.fill(table, 0);
            size = 0;
        }

        int slot(long d, int x, int y) {
            int mask = table.length - 1;
            int i = hash(d, x, y) & mask;
            while (table[i] != 0) {
                int s = table[i] - 1;
                if (day[s] == d && a[s] == x && b[s] == y) {
                    return s;
                }
                i = (i + 1) & mask;
            }
            if (size == day.length) {
                int bigger = size * 2;
                day = Arrays.copyOf(day, bigger);
                a = Arrays.copyOf(a, bigger);
                b = Arrays.copyOf(b, bigger);
                clicks = Arrays.copyOf(clicks, bigger);
                sessions = Arrays.copyOf(sessions, bigger);
                users = Arrays.copyOf(users, bigger);
                least = Arrays.copyOf(least, bigger);
            }
            int s = size++;
            day[s] = d;
            a[s] = x;
            b[s] = y;
            clicks[s] = 0;
            sessions[s] = 0;
            users[s] = 0;
            least[s] = -1;
            table[i] = s + 1;
            if (size * 2 > table.length) {
                rehash();
            }
            return s;
        }

        private static int hash(long d, int x, int y) {
            long h = (d * 0x9E3779B97F4A7C15L) ^ (x * 0xC2B2AE3D27D4EB4FL) ^ (y * 0x165667B19E3779F9L);
            return (int) (h ^ (h >>> 32) ^ (h >>> 17));
        }

        private void rehash() {
            int[] old = table;
            table = new int[old.length * 2];
            int mask = table.length - 1;
            for (int entry : old) {
                if (entry != 0) {
                    int s = entry - 1;
                    int i = hash(day[s], a[s], b[s]) & mask;
                    while (table[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    table[i] = entry;
                }
            }
        }
    }
}
