package com.clickstream.attribution.infra.delivery;

import com.clickstream.attribution.core.contract.EventType;
import com.clickstream.attribution.infra.catalog.RawEventsCatalog;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.rawstore.RawLayout;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * One Firehose delivery stream per event type, reading its Kinesis stream and landing the records in
 * the raw bucket as Parquet under the arrival-time Hive layout of {@link RawLayout}:
 * <pre>
 *   raw/&lt;event_type&gt;/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/…parquet      (UTC)
 *   raw-errors/&lt;event_type&gt;/!{firehose:error-output-type}/dt=…/hour=…/               (records that failed conversion, kept)
 * </pre>
 * JSON -> Parquet uses the Glue table's schema; Snappy is set inside the Parquet serializer and the
 * S3-level compression stays UNCOMPRESSED (Firehose rejects any other combination with conversion).
 */
public final class RawEventsDelivery extends Construct {

    private final Map<EventType, CfnDeliveryStream> streams = new EnumMap<>(EventType.class);

    public RawEventsDelivery(Construct scope, String id, PipelineSettings settings, Map<EventType, IStream> sources,
                             IBucket raw, IKey key, RawEventsCatalog catalog) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        for (EventType type : EventType.values()) {
            String name = settings.name(type.stream() + "-to-s3");
            LogStream logStream = logs.addStream(type.wireName() + "S3Delivery",
                    software.amazon.awscdk.services.logs.StreamOptions.builder().logStreamName(type.wireName() + "-s3").build());

            Role role = Role.Builder.create(this, type.wireName() + "Role")
                    .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                    .description("Firehose " + name + ": read the " + type.stream() + " stream, read the table schema, write raw/")
                    .build();
            IStream source = sources.get(type);
            source.grantRead(role); // incl. kms:Decrypt on the stream key
            raw.grantPut(role, RawLayout.typePrefix(type) + "*");
            raw.grantPut(role, RawLayout.errorTypePrefix(type) + "*");
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"))
                    .resources(List.of(raw.getBucketArn()))
                    .build());
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"))
                    .resources(catalog.schemaArns(type))
                    .build());
            logs.grantWrite(role);
            Nag.suppressFindings(role, "AwsSolutions-IAM5",
                    "Firehose writes new objects under its own event type's prefixes (raw/<type>/*, raw-errors/<type>/*) "
                            + "and needs the s3:Abort*/PutObject* and kms:GenerateDataKey*/ReEncrypt* families CDK grants for that; "
                            + "log-stream ARNs under its own log group.",
                    "Action::s3:Abort*", "Action::s3:PutObject*",
                    "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*",
                    "regex:/^Resource::<.*Raw.*\\.Arn>\\/raw(-errors)?\\/.*\\*$/g",
                    "regex:/^Resource::<.*Logs.*\\.Arn>:\\*$/g");

            String time = RawLayout.FIREHOSE_PARTITION_EXPRESSION;
            CfnDeliveryStream delivery = CfnDeliveryStream.Builder.create(this, type.wireName() + "Delivery")
                    .deliveryStreamName(name)
                    .deliveryStreamType("KinesisStreamAsSource")
                    .kinesisStreamSourceConfiguration(CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
                            .kinesisStreamArn(source.getStreamArn())
                            .roleArn(role.getRoleArn())
                            .build())
                    .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                            .bucketArn(raw.getBucketArn())
                            .roleArn(role.getRoleArn())
                            .prefix(RawLayout.typePrefix(type) + time)
                            .errorOutputPrefix(RawLayout.errorTypePrefix(type) + "!{firehose:error-output-type}/" + time)
                            .customTimeZone("UTC")
                            .fileExtension(RawLayout.PARQUET_SUFFIX)
                            .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                    .intervalInSeconds(settings.firehoseBufferSeconds())
                                    .sizeInMBs(settings.firehoseBufferMiB())
                                    .build())
                            .compressionFormat("UNCOMPRESSED")
                            .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                                    .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                            .awskmsKeyArn(key.getKeyArn())
                                            .build())
                                    .build())
                            .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                    .enabled(true)
                                    .logGroupName(logs.getLogGroupName())
                                    .logStreamName(logStream.getLogStreamName())
                                    .build())
                            .dataFormatConversionConfiguration(CfnDeliveryStream.DataFormatConversionConfigurationProperty.builder()
                                    .enabled(true)
                                    .inputFormatConfiguration(CfnDeliveryStream.InputFormatConfigurationProperty.builder()
                                            .deserializer(CfnDeliveryStream.DeserializerProperty.builder()
                                                    // event_ts is epoch millis (a JSON number -> bigint), so no timestamp formats
                                                    .openXJsonSerDe(CfnDeliveryStream.OpenXJsonSerDeProperty.builder()
                                                            .caseInsensitive(false)
                                                            .build())
                                                    .build())
                                            .build())
                                    .outputFormatConfiguration(CfnDeliveryStream.OutputFormatConfigurationProperty.builder()
                                            .serializer(CfnDeliveryStream.SerializerProperty.builder()
                                                    .parquetSerDe(CfnDeliveryStream.ParquetSerDeProperty.builder()
                                                            .compression("SNAPPY")
                                                            .build())
                                                    .build())
                                            .build())
                                    .schemaConfiguration(CfnDeliveryStream.SchemaConfigurationProperty.builder()
                                            .catalogId(Aws.ACCOUNT_ID)
                                            .region(Aws.REGION)
                                            .databaseName(catalog.getDatabaseName())
                                            .tableName(RawEventsCatalog.tableName(type))
                                            .roleArn(role.getRoleArn())
                                            .versionId("LATEST")
                                            .build())
                                    .build())
                            .build())
                    .build();
            // Firehose checks its role's permissions at creation: create the policy first.
            delivery.getNode().addDependency(role);
            delivery.addResourceDependency(catalog.getTable(type));
            Nag.suppress(delivery, "AwsSolutions-KDF1",
                    "Server-side encryption of a delivery stream cannot be set with a Kinesis stream source: the source stream "
                            + "is KMS-encrypted with the pipeline key and the S3 objects are encrypted with the same key.");
            streams.put(type, delivery);
        }
    }

    public CfnDeliveryStream get(EventType type) {
        return streams.get(type);
    }

    /** The delivery stream's name (for metrics and alarms). */
    public String name(EventType type) {
        return streams.get(type).getDeliveryStreamName();
    }
}
