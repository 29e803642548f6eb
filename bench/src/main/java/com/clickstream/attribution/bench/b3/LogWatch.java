package com.clickstream.attribution.bench.b3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Relays a child's progress: every period, the last line of its log if that line changed. */
final class LogWatch implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "b3-log-watch");
        t.setDaemon(true);
        return t;
    });
    private String last = "";

    private LogWatch() {
    }

    static LogWatch every(Duration period, Path log, Consumer<String> sink) {
        LogWatch watch = new LogWatch();
        watch.timer.scheduleAtFixedRate(() -> watch.poll(log, sink), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return watch;
    }

    private void poll(Path log, Consumer<String> sink) {
        try {
            if (!Files.exists(log)) {
                return;
            }
            List<String> lines = Files.readAllLines(log);
            String line = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
            if (!line.isEmpty() && !line.equals(last)) {
                last = line;
                sink.accept(line);
            }
        } catch (IOException | RuntimeException e) {
            // progress only: a log being written may not decode yet
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
