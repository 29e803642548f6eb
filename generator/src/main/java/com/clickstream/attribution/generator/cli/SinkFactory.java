package com.clickstream.attribution.generator.cli;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.sink.EventSink;
import com.clickstream.attribution.generator.sink.FirehoseSink;
import com.clickstream.attribution.generator.sink.JsonLinesSink;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.sink.SinkStats;
import com.clickstream.attribution.support.aws.AwsClients;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/** Opens the sink the command line asks for; the returned sink also closes the AWS client it owns. */
final class SinkFactory {

    private SinkFactory() {
    }

    static EventSink open(GeneratorCommand options) {
        Map<String, String> destinations = new LinkedHashMap<>(); // clicks checked first
        destinations.put(EventType.CLICK.stream(), options.clicksStream);
        destinations.put(EventType.CHECKOUT.stream(), options.checkoutsStream);
        Region region = Region.of(options.region);
        return switch (options.sink) {
            case file -> new JsonLinesSink(options.out);
            case stdout -> JsonLinesSink.open(JsonLinesSink.STDOUT);
            case none -> new DiscardingSink();
            case kinesis -> {
                URI endpoint = AwsClients.endpoint(options.endpoint, "KINESIS", System.getenv());
                var client = AwsClients.kinesis(endpoint, region);
                check(client, endpoint, "Kinesis stream", destinations, name -> client.describeStreamSummary(b -> {
                            if (name.startsWith("arn:")) {
                                b.streamARN(name);
                            } else {
                                b.streamName(name);
                            }
                        }));
                yield new ClosingSink(new KinesisSink(client, destinations), client);
            }
            case firehose -> {
                URI endpoint = AwsClients.endpoint(options.endpoint, "FIREHOSE", System.getenv());
                var client = AwsClients.firehose(endpoint, region);
                check(client, endpoint, "Firehose delivery stream", destinations,
                        name -> client.describeDeliveryStream(b -> b.deliveryStreamName(name)));
                yield new ClosingSink(new FirehoseSink(client, destinations), client);
            }
        };
    }

    /**
     * One describe call per destination before anything is sent (the clients do not retry, so an
     * unreachable endpoint fails within the 5 s connect timeout): a clear error instead of the sink's
     * retry budget spent on a stream that cannot answer. Closes the client when a check fails.
     */
    private static void check(AutoCloseable client, URI endpoint, String what, Map<String, String> destinations,
            Consumer<String> describe) {
        for (String name : destinations.values()) {
            try {
                describe.accept(name);
            } catch (SdkException e) {
                try {
                    client.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new IllegalStateException(what + " '" + name + "' at "
                        + (endpoint == null ? "AWS" : endpoint.toString()) + " is not available", e);
            }
        }
    }

    /** A sink plus the client it was built with, closed together. */
    private record ClosingSink(EventSink sink, AutoCloseable client) implements EventSink {
        @Override
        public void send(List<OutboundRecord> batch) {
            sink.send(batch);
        }

        @Override
        public SinkStats stats() {
            return sink.stats();
        }

        @Override
        public void close() {
            try (AutoCloseable c = client) {
                sink.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + sink + " failed", e);
            }
        }
    }

    /** Counts and drops: for measuring the generator alone. */
    private static final class DiscardingSink implements EventSink {
        private long sent;
        private long calls;

        @Override
        public void send(List<OutboundRecord> batch) {
            sent += batch.size();
            calls++;
        }

        @Override
        public SinkStats stats() {
            return new SinkStats(sent, 0, 0, calls);
        }

        @Override
        public void close() {
        }
    }
}
