package com.clickstream.attribution.reconciler.curated;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import com.clickstream.attribution.rawstore.curated.CuratedTable;
import com.clickstream.attribution.rawstore.glue.GlueColumn;
import com.clickstream.attribution.reconciler.raw.RawSkip;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The Athena table {@code curated_manifests} (raw-store's {@link CuratedTable#MANIFESTS}) reads what
 * {@link CuratedStore#writeManifest} writes: one JSON object on one line, every column a top-level key of a
 * JSON type the OpenX SerDe turns into the column's type.
 */
class ManifestTableTest {

    @Test
    void everyManifestColumnIsATopLevelKeyOfTheWrittenLineWithAFittingJsonType() throws Exception {
        String line = writtenManifest();
        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        for (GlueColumn column : CuratedTable.MANIFESTS.columns()) {
            JsonNode value = json.get(column.name());
            assertThat(value).as(column.name()).isNotNull();
            switch (column.hiveType()) {
                case "bigint" -> assertThat(value.isIntegralNumber()).as(column.name()).isTrue();
                case "int" -> assertThat(value.isInt()).as(column.name()).isTrue();
                case "string" -> assertThat(value.isTextual()).as(column.name()).isTrue();
                default -> throw new AssertionError("unexpected manifest column type " + column);
            }
        }
        assertThat(json.get("run_id").asLong()).isEqualTo(42);
        assertThat(json.get("window").asText()).isEqualTo("1h");
    }

    private static String writtenManifest() {
        AtomicReference<String> written = new AtomicReference<>();
        AtomicReference<String> key = new AtomicReference<>();
        S3Client s3 = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("putObject") && args[0] instanceof PutObjectRequest request) {
                        key.set(request.key());
                        try (var in = ((RequestBody) args[1]).contentStreamProvider().newStream()) {
                            written.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                        return PutObjectResponse.builder().build();
                    }
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        RunManifest manifest = new RunManifest(42, "avro-spill", "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "1h", "3",
                Map.of("attributions", "00ff"), "2026-03-02T06:00:00Z", 8, 100, 99,
                List.of(new RawSkip("raw/click/dt=x/", RawSkip.UNPARSABLE_PARTITION, "not a day")), 5000, 4000, 3, 7,
                Map.of("attributions", 10L), List.of(new RunManifest.BucketFiles(0, List.of("a"), List.of("t"), "r", 10)),
                "2026-03-02T06:10:00Z", new RunManifest.Applied("applied", Map.of(), Map.of(), 0, "2026-03-02T06:11:00Z"));
        new CuratedStore(s3, "bucket").writeManifest(manifest);
        assertThat(key.get()).isEqualTo(CuratedLayout.manifestKey(42)).startsWith(CuratedTable.MANIFESTS.prefix());
        return written.get();
    }
}
