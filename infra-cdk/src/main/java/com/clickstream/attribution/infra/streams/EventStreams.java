package com.clickstream.attribution.infra.streams;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * One on-demand Kinesis stream per event type ({@code <prefix>-clicks}, {@code <prefix>-checkouts}),
 * encrypted with the pipeline key. On-demand: no shard sizing, pay per GB; the generator's partition
 * key (user_id) spreads load across whatever shards Kinesis chooses.
 */
public final class EventStreams extends Construct {

    private final Map<EventType, Stream> streams = new EnumMap<>(EventType.class);

    public EventStreams(Construct scope, String id, PipelineSettings settings, IKey key) {
        super(scope, id);
        for (EventType type : EventType.values()) {
            streams.put(type, Stream.Builder.create(this, capitalized(type.stream()))
                    .streamName(settings.name(type.stream()))
                    .streamMode(StreamMode.ON_DEMAND)
                    .encryption(StreamEncryption.KMS)
                    .encryptionKey(key)
                    .retentionPeriod(Duration.hours(settings.streamRetentionHours()))
                    .build());
        }
        Nag.suppress(this, "AwsSolutions-KDS3",
                "A customer-managed key on purpose: one pipeline key whose policy we control encrypts the streams, "
                        + "the raw bucket and Firehose output; its cost is one key plus requests, not per stream.");
    }

    public Stream get(EventType type) {
        return streams.get(type);
    }

    static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
