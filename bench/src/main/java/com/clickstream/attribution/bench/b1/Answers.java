package com.clickstream.attribution.bench.b1;

import com.clickstream.attribution.core.rules.ClickOrder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * First-click answers of one engine, as a file both engines write the same way so they can be compared
 * line by line: {@code checkout_id,user_id,revenue,attributed_click_id,traffic_source}, sorted by
 * checkout id in code-point order, revenue with two decimals, empty click id and source
 * {@code unattributed} for a checkout no click matched. Ids in generated data hold no commas.
 */
public final class Answers {

    private Answers() {
    }

    /** One checkout's answer. */
    public record Answer(String checkoutId, String userId, String revenue, String clickId, String source) {

        String line() {
            return checkoutId + "," + userId + "," + revenue + "," + (clickId == null ? "" : clickId) + "," + source;
        }
    }

    public static void write(Path file, List<Answer> answers) throws IOException {
        List<Answer> sorted = new ArrayList<>(answers);
        sorted.sort((a, b) -> ClickOrder.EVENT_ID.compare(a.checkoutId(), b.checkoutId()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (Answer answer : sorted) {
                out.write(answer.line());
                out.write('\n');
            }
        }
    }

    /**
     * Appends answers to a file as they come, unsorted, so a worker need not hold them all (the reconciler
     * writes its answers bucket by bucket too); {@link #sortInPlace} orders the file afterwards, in another
     * process, for the comparison. Thread-safe.
     */
    public static final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private long written;
        private long attributed;

        public Writer(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file);
        }

        public synchronized void add(List<Answer> answers) throws IOException {
            for (Answer answer : answers) {
                out.write(answer.line());
                out.write('\n');
                written++;
                attributed += answer.clickId() == null || answer.clickId().isEmpty() ? 0 : 1;
            }
        }

        public synchronized long written() {
            return written;
        }

        public synchronized long attributed() {
            return attributed;
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    /** Sorts an answers file written by {@link Writer} into {@link #write}'s order (by checkout id, code points). */
    public static void sortInPlace(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.sort((a, b) -> ClickOrder.EVENT_ID.compare(a.substring(0, a.indexOf(',')), b.substring(0, b.indexOf(','))));
        Files.write(file, lines);
    }

    /** What differs between two answer files: empty when they are identical. At most {@code limit} lines. */
    public static List<String> differences(Path expected, Path actual, int limit) throws IOException {
        List<String> diffs = new ArrayList<>();
        try (Stream<String> a = Files.lines(expected); Stream<String> b = Files.lines(actual)) {
            Iterator<String> left = a.iterator();
            Iterator<String> right = b.iterator();
            long line = 0;
            while ((left.hasNext() || right.hasNext()) && diffs.size() < limit) {
                line++;
                String l = left.hasNext() ? left.next() : "<end of file>";
                String r = right.hasNext() ? right.next() : "<end of file>";
                if (!l.equals(r)) {
                    diffs.add("line " + line + ": " + expected.getFileName() + " '" + l + "' vs "
                            + actual.getFileName() + " '" + r + "'");
                }
            }
        }
        return diffs;
    }
}
