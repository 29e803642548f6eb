package com.clickstream.attribution.bench.b2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each record was sent: the feed sends records (global data-set indices) in chunks, and a
 * record's send time is the wall-clock start of its chunk's call (PutRecords to Kinesis, addData to
 * the MemoryStream); the chunk's end says when the call returned.
 */
final class SendLog {

    /** Records {@code [from, to)} sent by one call that started at {@code startMicros} and returned at {@code endMicros}. */
    record Chunk(long from, long to, long startMicros, long endMicros) {
    }

    private final TreeMap<Long, Chunk> byFrom = new TreeMap<>();

    synchronized void add(Chunk chunk) {
        byFrom.put(chunk.from(), chunk);
    }

    synchronized Chunk chunkOf(long index) {
        Map.Entry<Long, Chunk> e = byFrom.floorEntry(index);
        if (e == null || index >= e.getValue().to()) {
            throw new IllegalStateException("record " + index + " was never sent");
        }
        return e.getValue();
    }

    long sentMicros(long index) {
        return chunkOf(index).startMicros();
    }

    /** Records sent per second over {@code [from, to)}: their count over first call start to last call end. */
    synchronized double rate(long from, long to) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Chunk c : byFrom.subMap(byFrom.floorKey(from), true, to, false).values()) {
            start = Math.min(start, c.startMicros());
            end = Math.max(end, c.endMicros());
        }
        return (to - from) / Math.max(1e-6, (end - start) / 1e6);
    }

    /** One line per chunk: {@code from to startMicros endMicros} (the worker's file format). */
    static String line(Chunk c) {
        return c.from() + " " + c.to() + " " + c.startMicros() + " " + c.endMicros() + "\n";
    }

    static SendLog read(Path file) throws IOException {
        SendLog log = new SendLog();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                String[] p = line.trim().split(" ");
                log.add(new Chunk(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])));
            }
        }
        return log;
    }

    synchronized List<Chunk> chunks() {
        return new ArrayList<>(byFrom.values());
    }
}
