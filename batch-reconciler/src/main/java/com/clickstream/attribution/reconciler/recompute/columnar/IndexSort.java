package com.clickstream.attribution.reconciler.recompute.columnar;

/** Sorts a range of an int array (row indexes) by a primitive comparator: a stable merge sort, no boxing. */
final class IndexSort {

    /** Compares two row indexes. */
    interface Order {
        int compare(int a, int b);
    }

    private int[] scratch = new int[64];

    /** Sorts {@code rows[from, to)} by {@code order}, stably. */
    void sort(int[] rows, int from, int to, Order order) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        if (n <= 16) {
            insertion(rows, from, to, order);
            return;
        }
        if (scratch.length < n) {
            scratch = new int[Math.max(n, scratch.length * 2)];
        }
        mergeSort(rows, from, to, order);
    }

    private void mergeSort(int[] rows, int from, int to, Order order) {
        if (to - from <= 16) {
            insertion(rows, from, to, order);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(rows, from, mid, order);
        mergeSort(rows, mid, to, order);
        if (order.compare(rows[mid - 1], rows[mid]) <= 0) {
            return;
        }
        System.arraycopy(rows, from, scratch, 0, mid - from);
        int i = 0;
        int iEnd = mid - from;
        int j = mid;
        int k = from;
        while (i < iEnd && j < to) {
            rows[k++] = order.compare(rows[j], scratch[i]) < 0 ? rows[j++] : scratch[i++];
        }
        while (i < iEnd) {
            rows[k++] = scratch[i++];
        }
    }

    private static void insertion(int[] rows, int from, int to, Order order) {
        for (int i = from + 1; i < to; i++) {
            int v = rows[i];
            int j = i - 1;
            while (j >= from && order.compare(rows[j], v) > 0) {
                rows[j + 1] = rows[j];
                j--;
            }
            rows[j + 1] = v;
        }
    }
}
