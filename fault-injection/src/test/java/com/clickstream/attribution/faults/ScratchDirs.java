package com.clickstream.attribution.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Work and s3proxy folders under the module's target/ that each fault test starts empty. */
final class ScratchDirs {

    private ScratchDirs() {
    }

    /** {@code path} (relative to the module), emptied and created. */
    static Path emptied(String path) {
        Path dir = Path.of(path);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + dir, e);
        }
    }
}
