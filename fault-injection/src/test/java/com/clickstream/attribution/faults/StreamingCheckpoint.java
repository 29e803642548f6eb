package com.clickstream.attribution.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads a Spark checkpoint's offset and commit logs to tell where in a micro-batch a kill landed:
 * Spark writes {@code offsets/N} before running batch N and {@code commits/N} after the sink returned;
 * the sink's own transaction commits in between.
 */
final class StreamingCheckpoint {

    private final Path dir;

    StreamingCheckpoint(Path dir) {
        this.dir = dir;
    }

    long latestOffsets() {
        return latest("offsets");
    }

    long latestCommit() {
        return latest("commits");
    }

    /** Where a kill landed, from the checkpoint and the sink's last committed batch id. */
    String phase(long sinkMaxBatch) {
        long offsets = latestOffsets();
        long commit = latestCommit();
        if (offsets == commit) {
            return "between batches (batch " + commit + " committed by Spark, no next batch planned)";
        }
        if (sinkMaxBatch >= offsets) {
            return "batch " + offsets + " written by the sink but not yet committed by Spark (it will be re-run: a replay)";
        }
        return "inside batch " + offsets + " before the sink's commit (it will be re-run from its start offsets)";
    }

    private long latest(String log) {
        Path logDir = dir.resolve(log);
        if (!Files.isDirectory(logDir)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(logDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
