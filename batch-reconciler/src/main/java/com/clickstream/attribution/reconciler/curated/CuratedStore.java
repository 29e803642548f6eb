package com.clickstream.attribution.reconciler.curated;

import com.clickstream.attribution.rawstore.BadRawObjectException;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.rawstore.parquet.RawParquetReader;
import com.clickstream.attribution.rawstore.parquet.RawParquetWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The curated dataset in S3 ({@link CuratedLayout}): Snappy Parquet files of attribution-core's curated
 * records, written with raw-store's writer (the same type mapping as the raw files, so one Glue mapping
 * serves both), and the runs' manifests as one JSON line each.
 */
public final class CuratedStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // newer manifests may add fields

    private final S3Client s3;
    private final String bucket;

    public CuratedStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public String bucket() {
        return bucket;
    }

    /** Writes {@code rows} (records of {@code schema}) as one Parquet object. */
    public void writeParquet(String key, Schema schema, List<? extends SpecificRecord> rows) {
        byte[] bytes = new RawParquetWriter(schema).write(rows);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Reads one Parquet object written by {@link #writeParquet}. */
    public <T extends SpecificRecord> List<T> readParquet(String key, Schema schema, Class<T> type) {
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        try {
            var rows = RawParquetReader.of(schema, type).read(bytes, key);
            if (!rows.rejected().isEmpty()) {
                throw new IllegalStateException("s3://" + bucket + "/" + key + " holds rows that are not "
                        + schema.getName() + ": " + rows.rejected().get(0));
            }
            return rows.events();
        } catch (BadRawObjectException e) {
            throw new IllegalStateException("curated object s3://" + bucket + "/" + key + " is unreadable: "
                    + e.getMessage(), e);
        }
    }

    /** Writes (or replaces) a run's manifest: one JSON line. */
    public void writeManifest(RunManifest manifest) {
        String line;
        try {
            line = JSON.writeValueAsString(manifest) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(CuratedLayout.manifestKey(manifest.runId())),
                RequestBody.fromString(line, StandardCharsets.UTF_8));
    }

    /** The manifest of a run; empty when the run has none (its files do not count). */
    public Optional<RunManifest> manifest(long runId) {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(CuratedLayout.manifestKey(runId))).asByteArray();
            return Optional.of(JSON.readValue(bytes, RunManifest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("manifest of run " + runId + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    /** Every run that has a manifest, oldest first. */
    public List<RunManifest> manifests() {
        List<RunManifest> out = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(CuratedLayout.MANIFESTS)).contents()) {
            try {
                out.add(JSON.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray(),
                        RunManifest.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("manifest " + object.key() + " is not readable JSON: " + e.getMessage(), e);
            }
        }
        out.sort(java.util.Comparator.comparingLong(RunManifest::runId));
        return out;
    }

    /** Deletes a run: its manifest first (so no reader sees a run with missing files), then its files. */
    public void delete(RunManifest manifest) {
        s3.deleteObject(b -> b.bucket(bucket).key(CuratedLayout.manifestKey(manifest.runId())));
        for (RunManifest.BucketFiles files : manifest.files()) {
            List<String> keys = new ArrayList<>(files.attributions());
            keys.addAll(files.touchCredits());
            keys.add(files.rollupPartials());
            for (String key : keys) {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            }
        }
    }
}
