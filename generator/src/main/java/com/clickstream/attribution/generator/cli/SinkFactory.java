package com.clickstream.attribution.generator.cli;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.generator.sink.AwsClients;
import com.clickstream.attribution.generator.sink.Endpoints;
import com.clickstream.attribution.generator.sink.EventSink;
import com.clickstream.attribution.generator.sink.FirehoseSink;
import com.clickstream.attribution.generator.sink.JsonLinesSink;
import com.clickstream.attribution.generator.sink.KinesisSink;
import com.clickstream.attribution.generator.sink.OutboundRecord;
import com.clickstream.attribution.generator.sink.SinkStats;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/** Opens the sink the command line asks for; the returned sink also closes the AWS client it owns. */
final class SinkFactory {

    private SinkFactory() {
    }

    static EventSink open(GeneratorCommand options) {
        Map<String, String> destinations = Map.of(
                EventType.CLICK.stream(), options.clicksStream,
                EventType.CHECKOUT.stream(), options.checkoutsStream);
        Region region = Region.of(options.region);
        return switch (options.sink) {
            case file -> new JsonLinesSink(options.out);
            case stdout -> JsonLinesSink.open(JsonLinesSink.STDOUT);
            case none -> new DiscardingSink();
            case kinesis -> {
                var client = AwsClients.kinesis(Endpoints.resolve(options.endpoint, "KINESIS", System.getenv()), region);
                yield new ClosingSink(new KinesisSink(client, destinations), client);
            }
            case firehose -> {
                var client = AwsClients.firehose(Endpoints.resolve(options.endpoint, "FIREHOSE", System.getenv()), region);
                yield new ClosingSink(new FirehoseSink(client, destinations), client);
            }
        };
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
