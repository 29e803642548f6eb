package com.clickstream.attribution.generator.sink;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes each record's payload followed by {@code '\n'} (JSON lines) to one file, or to standard
 * output when the path is {@code "-"}. Both logical streams go to the same file, in send order;
 * {@code event_type} tells them apart (DESIGN section 4). Payloads are written as they are, so a
 * deliberately malformed record stays malformed (a payload containing a newline would span two
 * lines; the generator's JSON never does).
 *
 * <p>Buffered (64 KiB); {@link #close()} flushes, and closes the file but not standard output.
 * An existing file is replaced. Stats: {@code calls} counts {@code send} calls that wrote.
 * Not thread-safe.
 */
public final class JsonLinesSink implements EventSink {

    /** The path that means standard output. */
    public static final String STDOUT = "-";

    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream out;
    private final boolean closeUnderlying;
    private final String description;
    private final SinkCounters counters = new SinkCounters();
    private boolean closed;

    /** Replaces {@code file} (creating its parent directories). */
    public JsonLinesSink(Path file) {
        this(openFile(file), true, file.toString());
    }

    /** Writes to {@code out}, closing it on {@link #close()} only if {@code closeOnClose}. */
    public JsonLinesSink(OutputStream out, boolean closeOnClose) {
        this(new BufferedOutputStream(Objects.requireNonNull(out, "out"), BUFFER_BYTES), closeOnClose, "stream");
    }

    private JsonLinesSink(OutputStream out, boolean closeUnderlying, String description) {
        this.out = out;
        this.closeUnderlying = closeUnderlying;
        this.description = description;
    }

    /** {@code "-"} for standard output, else a file path. */
    public static JsonLinesSink open(String pathOrDash) {
        return STDOUT.equals(pathOrDash)
                ? new JsonLinesSink(new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), BUFFER_BYTES),
                        false, "stdout")
                : new JsonLinesSink(Path.of(pathOrDash));
    }

    @Override
    public void send(List<OutboundRecord> batch) {
        if (closed) {
            throw new IllegalStateException("JsonLinesSink(" + description + ") is closed");
        }
        if (batch.isEmpty()) {
            return;
        }
        int written = 0;
        try {
            for (OutboundRecord record : batch) {
                out.write(record.payload());
                out.write('\n');
                written++;
            }
        } catch (IOException e) {
            long undelivered = batch.size() - written;
            counters.sent(written);
            counters.failed(undelivered);
            throw new SinkException("Could not write " + undelivered + " of " + batch.size() + " records to "
                    + description + ": " + e.getMessage(), undelivered, e);
        } finally {
            counters.call();
        }
        counters.sent(written);
    }

    @Override
    public SinkStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.flush();
            if (closeUnderlying) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not flush " + description, e);
        }
    }

    @Override
    public String toString() {
        return "JsonLinesSink(" + description + ")";
    }

    private static OutputStream openFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open " + file + " for writing", e);
        }
    }
}
