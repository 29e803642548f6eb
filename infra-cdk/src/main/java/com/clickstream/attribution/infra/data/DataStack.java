package com.clickstream.attribution.infra.data;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.catalog.AnalystAccess;
import com.clickstream.attribution.infra.catalog.AnalystWorkgroup;
import com.clickstream.attribution.infra.catalog.CuratedDatasetCatalog;
import com.clickstream.attribution.infra.catalog.RawEventsCatalog;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.delivery.RawEventsDelivery;
import com.clickstream.attribution.infra.storage.DataBuckets;
import com.clickstream.attribution.infra.streams.EventStreams;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Where the events live: the KMS key, the buckets, the two Kinesis streams, the Glue catalog of the
 * raw layout and of the reconciler's curated dataset, the Firehose delivery streams into the raw layout,
 * and the analysts' Athena workgroup and role.
 */
public final class DataStack extends Stack {

    /** Output names read by scripts/upload-glue-artifacts.sh. */
    public static final String SCRIPTS_BUCKET_OUTPUT = "ScriptsBucketName";
    public static final String RAW_BUCKET_OUTPUT = "RawBucketName";

    /** What the data stack needs. */
    public record Props(StackProps stack, PipelineSettings settings) {
    }

    private final DataBuckets buckets;
    private final EventStreams streams;
    private final RawEventsCatalog catalog;
    private final RawEventsDelivery delivery;
    private final CuratedDatasetCatalog curatedCatalog;
    private final AnalystWorkgroup workgroup;
    private final AnalystAccess analysts;

    public DataStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        PipelineSettings settings = props.settings();
        this.buckets = new DataBuckets(this, "Storage", settings);
        this.streams = new EventStreams(this, "Streams", settings, buckets.getKey());
        this.catalog = new RawEventsCatalog(this, "Catalog", settings, buckets.getRaw());
        this.curatedCatalog = new CuratedDatasetCatalog(this, "CuratedCatalog", settings, buckets.getRaw(), catalog);
        Map<EventType, IStream> sources = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            sources.put(type, streams.get(type));
        }
        this.delivery = new RawEventsDelivery(this, "Delivery", settings, sources, buckets.getRaw(),
                buckets.getKey(), catalog);
        this.workgroup = new AnalystWorkgroup(this, "Athena", settings, buckets.getAthenaResults(), buckets.getKey());
        this.analysts = new AnalystAccess(this, "Analysts", settings, buckets.getRaw(), buckets.getAthenaResults(),
                catalog.getDatabaseName(), workgroup.getName());

        CfnOutput.Builder.create(this, SCRIPTS_BUCKET_OUTPUT).value(buckets.getScripts().getBucketName())
                .description("Bucket of the Glue job jar and the Kinesis connector jar").build();
        CfnOutput.Builder.create(this, RAW_BUCKET_OUTPUT).value(buckets.getRaw().getBucketName())
                .description("Raw events: raw/<event_type>/dt=YYYY-MM-DD/hour=HH/").build();
        CfnOutput.Builder.create(this, "AthenaWorkGroup").value(workgroup.getName()).build();
        CfnOutput.Builder.create(this, "AnalystRoleArn").value(analysts.getRole().getRoleArn())
                .description("Role analysts assume for Athena (read-only on raw/ and curated/)").build();
    }

    public IKey getKey() {
        return buckets.getKey();
    }

    public IBucket getRawBucket() {
        return buckets.getRaw();
    }

    public IBucket getScriptsBucket() {
        return buckets.getScripts();
    }

    public IBucket getAthenaResultsBucket() {
        return buckets.getAthenaResults();
    }

    public IBucket getCheckpointBucket() {
        return buckets.getCheckpoints();
    }

    public IStream getStream(EventType type) {
        return streams.get(type);
    }

    public String getDeliveryStreamName(EventType type) {
        return delivery.name(type);
    }

    public RawEventsCatalog getCatalog() {
        return catalog;
    }

    public CuratedDatasetCatalog getCuratedCatalog() {
        return curatedCatalog;
    }

    public AnalystAccess getAnalysts() {
        return analysts;
    }
}
