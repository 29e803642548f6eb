package com.clickstream.attribution.testsupport.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ServerExtensionIT {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @Test
    void listensOnLoopbackOnAFreePort() {
        assertThat(S3.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(S3.endpoint().getPort()).isPositive();
    }

    @Test
    void putGetListAndOverwriteWithTheSdkDefaults() {
        S3.createBucket("it-basic");
        S3.createBucket("it-basic"); // idempotent
        S3Client s3 = S3.s3Client();
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // larger than one chunk of a signed streaming upload
        new Random(1).nextBytes(big);
        s3.putObject(b -> b.bucket("it-basic").key("raw/click/dt=2026-11-25/hour=07/a.parquet"), RequestBody.fromBytes(big));
        S3.putBytes("it-basic", "raw/click/dt=2026-11-25/hour=08/b.parquet", "one".getBytes(StandardCharsets.UTF_8));
        S3.putBytes("it-basic", "raw/click/dt=2026-11-25/hour=08/b.parquet", "two".getBytes(StandardCharsets.UTF_8));
        S3.putBytes("it-basic", "raw-errors/unknown/dt=2026-11-25/hour=08/c", new byte[0]);

        assertThat(S3.getBytes("it-basic", "raw/click/dt=2026-11-25/hour=07/a.parquet")).isEqualTo(big);
        assertThat(new String(S3.getBytes("it-basic", "raw/click/dt=2026-11-25/hour=08/b.parquet"), StandardCharsets.UTF_8))
                .isEqualTo("two");
        assertThat(S3.listKeys("it-basic", "raw/")).containsExactly(
                "raw/click/dt=2026-11-25/hour=07/a.parquet", "raw/click/dt=2026-11-25/hour=08/b.parquet");
        assertThat(S3.getBytes("it-basic", "raw-errors/unknown/dt=2026-11-25/hour=08/c")).isEmpty();
        assertThatThrownBy(() -> S3.getBytes("it-basic", "raw/none")).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void listingPagesWithContinuationTokens() {
        S3.createBucket("it-pages");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = String.format("p/%05d", i);
            S3.putBytes("it-pages", key, new byte[] {(byte) i});
            expected.add(key);
        }
        List<String> paged = new ArrayList<>();
        int[] pages = {0};
        S3.s3Client().listObjectsV2Paginator(b -> b.bucket("it-pages").prefix("p/").maxKeys(10)).forEach(page -> {
            pages[0]++;
            page.contents().forEach(o -> paged.add(o.key()));
        });
        assertThat(pages[0]).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(S3.listKeys("it-pages", "p/")).containsExactlyElementsOf(expected);
    }

    @Test
    void aClientWithTheWrongSecretIsRefused() {
        S3.createBucket("it-auth");
        try (S3Client wrong = S3Client.builder()
                .endpointOverride(S3.endpoint())
                .region(S3ServerExtension.REGION)
                .forcePathStyle(true)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        S3ServerExtension.ACCESS_KEY, "not-the-secret"))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build()) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("it-auth")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aSecondServerInADirectoryKeepsFilesAndIsStoppedByClose(@TempDir Path dir) throws Exception {
        S3ServerExtension disk = S3ServerExtension.inDirectory(dir).start();
        int port = disk.endpoint().getPort();
        try {
            disk.createBucket("it-disk");
            disk.putBytes("it-disk", "k/v.txt", "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.walk(dir).filter(Files::isRegularFile).map(Path::toString))
                    .anyMatch(p -> p.endsWith("v.txt"));
        } finally {
            disk.close();
        }
        assertThat(disk.isRunning()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aServerInADirectoryStopsAndRestartsOnTheSamePortWithItsObjects(@TempDir Path dir) throws Exception {
        S3ServerExtension disk = S3ServerExtension.inDirectory(dir).start();
        try {
            URI endpoint = disk.endpoint();
            disk.createBucket("it-outage");
            disk.putBytes("it-outage", "raw/a", "before".getBytes(StandardCharsets.UTF_8));
            S3Client client = disk.newS3Client(); // a component's own client, kept across the outage

            disk.stopServer();

            assertThat(disk.isRunning()).isFalse();
            assertThat(disk.endpoint()).isEqualTo(endpoint);
            assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("it-outage").key("raw/a")))
                    .isInstanceOf(SdkClientException.class);

            disk.restartServer();

            assertThat(disk.isRunning()).isTrue();
            assertThat(disk.endpoint()).isEqualTo(endpoint);
            assertThat(client.getObjectAsBytes(b -> b.bucket("it-outage").key("raw/a")).asUtf8String()).isEqualTo("before");
            client.putObject(b -> b.bucket("it-outage").key("raw/b"), RequestBody.fromString("after"));
            assertThat(disk.listKeys("it-outage", "raw/")).containsExactly("raw/a", "raw/b");
            assertThat(disk.restartServer()).isSameAs(disk); // idempotent while running
            assertThat(disk.endpoint()).isEqualTo(endpoint);
        } finally {
            disk.close();
        }
        assertThatThrownBy(disk::endpoint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInMemoryServerRefusesToStopSinceItsObjectsWouldBeLost() {
        assertThatThrownBy(S3::stopServer).isInstanceOf(IllegalStateException.class).hasMessageContaining("inDirectory");
        assertThatThrownBy(S3::restartServer).isInstanceOf(IllegalStateException.class).hasMessageContaining("inDirectory");
        assertThat(S3.isRunning()).isTrue();
    }
}
