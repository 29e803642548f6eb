package com.clickstream.attribution.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh folder per test under {@code target/it-work}, for Spark checkpoints.
 * Not {@code @TempDir}: Spark's state-store maintenance and the qubole Kinesis source can still write
 * into a checkpoint for a moment after the query stopped, which makes JUnit's strict temp-dir
 * deletion fail a passed test.
 * Deletion here is retried and a leftover stays under target/ (removed by {@code mvn clean}).
 */
public final class WorkDir implements BeforeEachCallback, AfterEachCallback {

    private Path path;

    public Path path() {
        return path;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        path = Files.createDirectories(Path.of("target", "it-work",
                context.getRequiredTestClass().getSimpleName() + "-" + UUID.randomUUID())).toAbsolutePath();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (int attempt = 0; attempt < 5 && Files.exists(path); attempt++) {
            try (Stream<Path> files = Files.walk(path)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                Thread.sleep(500);
            }
        }
    }
}
