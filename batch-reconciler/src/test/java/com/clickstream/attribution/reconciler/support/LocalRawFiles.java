package com.clickstream.attribution.reconciler.support;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.core.event.Click;
import com.clickstream.attribution.rawstore.RawLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Writes raw objects into a local directory in raw-store's layout, as {@code FileRawEventSource} reads them. */
public final class LocalRawFiles {

    private final Path bucketDir;
    private int objects;

    public LocalRawFiles(Path bucketDir) {
        this.bucketDir = bucketDir;
    }

    /** Puts {@code bytes} as a new object of {@code type} in the arrival partition of {@code arrival}; returns its key. */
    public String put(EventType type, Instant arrival, byte[] bytes) {
        String key = RawLayout.objectKey(type, arrival, String.format("part-%05d.parquet", objects++));
        try {
            Path file = bucketDir.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key;
    }

    /** The type of a contract event. */
    public static EventType typeOf(Object event) {
        return event instanceof Click ? EventType.CLICK : EventType.CHECKOUT;
    }

    public Path dir() {
        return bucketDir;
    }
}
