package com.clickstream.attribution.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Starts the real Node.js servers on loopback. */
class KinesisServerExtensionIT {

    /** 100 records/s per shard so one 500-record call is certain to overflow the shard. */
    @RegisterExtension
    static final KinesisServerExtension KINESALITE = KinesisServerExtension.kinesalite()
            .withShardWriteLimits(100, 1024 * 1024);

    @Test
    void createsAStreamThenReadsBackWhatWasPut() {
        KINESALITE.createStream("round-trip", 2);

        KINESALITE.client().putRecord(b -> b.streamName("round-trip").partitionKey("user-1")
                .data(SdkBytes.fromUtf8String("{\"event_id\":\"e1\"}")));

        assertThat(KINESALITE.readAll("round-trip"))
                .extracting(r -> r.data().asUtf8String(), Record::partitionKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("{\"event_id\":\"e1\"}", "user-1"));
        assertThat(KINESALITE.logFile()).exists();
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeThat(external).as("a non-loopback IPv4 address on this machine").isPresent();

        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), KINESALITE.port()), 1000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void shardLimitedEndpointRejectsTheExcessOfABurstAndStoresOnlyWhatItAccepted() {
        KINESALITE.createStream("one-shard", 1);
        List<PutRecordsRequestEntry> burst = IntStream.range(0, 500)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("user-" + (i % 17))
                        .data(SdkBytes.fromUtf8String("record-" + i)).build())
                .toList();

        PutRecordsResponse response;
        try (KinesisClient limited = KinesisServerExtension.newClient(KINESALITE.shardLimitedEndpoint())) {
            response = limited.putRecords(b -> b.streamName("one-shard").records(burst));
        }

        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < burst.size(); i++) {
            PutRecordsResultEntry result = response.records().get(i);
            if (result.errorCode() == null) {
                assertThat(result.sequenceNumber()).isNotNull();
                accepted.add(burst.get(i).data().asUtf8String());
            } else {
                assertThat(result.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                assertThat(result.errorMessage()).contains("shardId-000000000000");
            }
        }
        assertThat(response.failedRecordCount()).isGreaterThanOrEqualTo(390).isEqualTo(500 - accepted.size());
        assertThat(KINESALITE.throttledEntries()).isGreaterThanOrEqualTo(response.failedRecordCount());
        assertThat(KINESALITE.throttledEntriesByCause()).containsOnlyKeys("record_rate");
        assertThat(KINESALITE.readAll("one-shard"))
                .extracting(r -> r.data().asString(StandardCharsets.UTF_8))
                .containsExactlyElementsOf(accepted);
    }

    @Test
    void kinesaliteStopsWithItsProcessAndFreesThePort() throws IOException {
        KinesisServerExtension server = KinesisServerExtension.kinesalite().start();
        int port = server.port();
        server.createStream("s", 1);
        server.client().putRecord(b -> b.streamName("s").partitionKey("k").data(SdkBytes.fromUtf8String("x")));
        assertThat(server.readAll("s")).hasSize(1);

        server.close();

        assertThat(server.isRunning()).isFalse();
        assertPortFree(port);
    }

    @Test
    void kinesisLocalStartsRoundTripsAndStops() throws IOException {
        int port;
        try (KinesisServerExtension server = KinesisServerExtension.kinesisLocal().start()) {
            port = server.port();
            server.createStream("mock", 2);
            server.client().putRecord(b -> b.streamName("mock").partitionKey("user-9")
                    .data(SdkBytes.fromUtf8String("hello")));

            assertThat(server.readAll("mock")).extracting(r -> r.data().asUtf8String()).containsExactly("hello");
        }
        assertPortFree(port);
    }

    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
