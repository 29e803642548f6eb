package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.reconciler.rollup.RollupTotals;
import java.time.LocalDate;

/**
 * One user's click rollups from dictionary ids, counted as {@link RollupTotals#addUserClicks} counts a
 * user's clicks: per (day, source, device) the clicks, the distinct sessions and the user once; per
 * (day, product) the clicks and distinct sessions, with the smallest category. Works on a sorted
 * index array instead of a set of keys per click.
 */
final class UserClickRollups {

    private static final long DAY_MS = 86_400_000L;

    private final BucketClicks clicks;
    private final int[] source;
    private final int[] device;
    private final int[] product;
    private final int[] session;
    private final int[] category;
    private final ByteDictionary sources;
    private final ByteDictionary devices;
    private final ByteDictionary products;
    private final ByteDictionary categories;
    private final IndexSort sort = new IndexSort();
    private long[] groupKey = new long[64];
    private long[] productKey = new long[64];
    private int[] order = new int[64];

    UserClickRollups(BucketClicks clicks, int[] source, int[] device, int[] product, int[] session, int[] category,
            ByteDictionary sources, ByteDictionary devices, ByteDictionary products, ByteDictionary categories) {
        this.clicks = clicks;
        this.source = source;
        this.device = device;
        this.product = product;
        this.session = session;
        this.category = category;
        this.sources = sources;
        this.devices = devices;
        this.products = products;
        this.categories = categories;
    }

    /** Adds the rollups of one user's counted click rows {@code rows[0, n)} to {@code totals}. */
    void add(int[] rows, int n, RollupTotals totals) {
        if (n == 0) {
            return;
        }
        if (groupKey.length < n) {
            groupKey = new long[n * 2];
            productKey = new long[n * 2];
            order = new int[n * 2];
        }
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            long day = Math.floorDiv(clicks.ts[r], DAY_MS);
            groupKey[i] = day << 42 | (long) source[r] << 21 | device[r];
            productKey[i] = day << 32 | product[r];
        }
        long[] keys = groupKey;
        for (int pass = 0; pass < 2; pass++) {
            long[] k = keys;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            sort.sort(order, 0, n, (a, b) -> {
                int c = Long.compare(k[a], k[b]);
                return c != 0 ? c : Integer.compare(session[rows[a]], session[rows[b]]);
            });
            int i = 0;
            while (i < n) {
                int first = rows[order[i]];
                long key = k[order[i]];
                long count = 0;
                long sessions = 0;
                int lastSession = -1;
                int smallest = -1;
                while (i < n && k[order[i]] == key) {
                    int r = rows[order[i]];
                    count++;
                    if (session[r] != lastSession) {
                        sessions++;
                        lastSession = session[r];
                    }
                    if (pass == 1) {
                        int c = category[r];
                        smallest = smallest < 0 || categories.compare(c, smallest) < 0 ? c : smallest;
                    }
                    i++;
                }
                LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(clicks.ts[first], DAY_MS));
                if (pass == 0) {
                    totals.addClickGroup(new RollupTotals.ClickKey(day, sources.string(source[first]),
                            devices.string(device[first])), new RollupTotals.Counts(count, sessions, 1));
                } else {
                    totals.addProductGroup(new RollupTotals.ProductKey(day, products.string(product[first])),
                            new RollupTotals.Counts(count, sessions, 0), categories.string(smallest));
                }
            }
            keys = productKey;
        }
    }
}
