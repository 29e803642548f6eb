package com.clickstream.attribution.reconciler.raw;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.RawObjectKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Raw events in a local directory laid out like the bucket ({@code <dir>/raw/<type>/dt=…/hour=…/*.parquet}):
 * a synced copy of the bucket, or s3proxy's filesystem backend. Reads with the same decoder as
 * {@link S3RawEventSource}; only listing and fetching differ.
 */
public final class FileRawEventSource implements RawEventSource {

    private final Path bucketDir;

    public FileRawEventSource(Path bucketDir) {
        this.bucketDir = Objects.requireNonNull(bucketDir, "bucketDir");
    }

    @Override
    public RawListing list(EventType type, Instant arrivalFrom, Instant arrivalUntil) {
        Path typeDir = bucketDir.resolve(RawLayout.typePrefix(type));
        List<RawObject> objects = new ArrayList<>();
        List<RawSkip> skips = new ArrayList<>();
        if (!Files.isDirectory(typeDir)) {
            return new RawListing(objects, skips);
        }
        try (Stream<Path> files = Files.walk(typeDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = bucketDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                RawObjectKey parsed;
                try {
                    parsed = RawLayout.parse(key);
                } catch (BadRawObjectException e) {
                    skips.add(new RawSkip(key, e.reason().code(), e.getMessage()));
                    continue;
                }
                Instant start = parsed.partition().start();
                if (parsed.partition().end().isAfter(arrivalFrom) && start.isBefore(arrivalUntil)) {
                    objects.add(new RawObject(key, type, start, Files.size(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + typeDir, e);
        }
        return new RawListing(objects, skips);
    }

    @Override
    public byte[] fetch(RawObject object) throws UnreadableRawObjectException {
        try {
            return Files.readAllBytes(bucketDir.resolve(object.key()));
        } catch (IOException e) {
            throw new UnreadableRawObjectException(object.key(), UnreadableRawObjectException.READ_FAILED,
                    e.getMessage(), e);
        }
    }
}
