package com.clickstream.attribution.infra.storage;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.rawstore.RawLayout;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The pipeline's customer-managed KMS key and its S3 buckets. Every bucket: encrypted, TLS-only
 * bucket policy ({@code aws:SecureTransport=false} denied), all public access blocked, ACLs disabled
 * (bucket owner enforced), server access logs to the access-log bucket, lifecycle rules. Buckets are
 * retained on stack deletion: they hold the raw history and the job state.
 */
public final class DataBuckets extends Construct {

    /** Prefix of the Glue job's temporary files in the checkpoint bucket (expired after a week). */
    public static final String GLUE_TEMP_PREFIX = "glue-temp/";
    /** Prefix of the streaming job's Spark checkpoints in the checkpoint bucket. */
    public static final String CHECKPOINT_PREFIX = "checkpoints/";
    /** Prefix of the jars in the scripts bucket. */
    public static final String JARS_PREFIX = "jars/";

    private final Key key;
    private final Bucket accessLogs;
    private final Bucket raw;
    private final Bucket scripts;
    private final Bucket checkpoints;
    private final Bucket athenaResults;

    public DataBuckets(Construct scope, String id, PipelineSettings settings) {
        super(scope, id);
        this.key = Key.Builder.create(this, "DataKey")
                .description("Clickstream pipeline data: S3, Kinesis, RDS, secrets, Glue logs")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // The Glue security configuration encrypts the job's CloudWatch log groups with this key.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsOfThisAccount")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                .resources(List.of("*")) // in a key policy "*" means this key
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build());

        // S3 server access logs only support SSE-S3 on the target bucket.
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(90))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .build();
        Nag.suppress(accessLogs, "AwsSolutions-S1",
                "This is the server-access-log target of the other buckets; logging it into itself would loop.");

        this.raw = bucket("Raw", List.of(
                LifecycleRule.builder().id("raw-events-tiering-and-retention")
                        .prefix(RawLayout.RAW_PREFIX)
                        .transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                                .transitionAfter(Duration.days(90)).build()))
                        .expiration(Duration.days(settings.rawRetentionDays()))
                        .build(),
                LifecycleRule.builder().id("raw-errors-retention")
                        .prefix(RawLayout.ERRORS_PREFIX)
                        .expiration(Duration.days(90))
                        .build(),
                abortUploads()));
        this.scripts = Bucket.Builder.create(this, "Scripts")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("scripts/")
                // versioned: a bad jar upload can be rolled back to the previous version
                .versioned(true)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("expire-old-jar-versions")
                                .noncurrentVersionExpiration(Duration.days(30)).build(),
                        abortUploads()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.checkpoints = bucket("Checkpoints", List.of(
                // Spark deletes old checkpoint files itself; only the Glue temp prefix expires.
                LifecycleRule.builder().id("expire-glue-temp").prefix(GLUE_TEMP_PREFIX)
                        .expiration(Duration.days(7)).build(),
                abortUploads()));
        this.athenaResults = bucket("AthenaResults", List.of(
                LifecycleRule.builder().id("expire-query-results").expiration(Duration.days(7)).build(),
                abortUploads()));
    }

    private Bucket bucket(String id, List<LifecycleRule> lifecycle) {
        return Bucket.Builder.create(this, id)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true) // one KMS call per bucket key, not per object
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(id.toLowerCase() + "/")
                .lifecycleRules(lifecycle)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static LifecycleRule abortUploads() {
        return LifecycleRule.builder().id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build();
    }

    public Key getKey() {
        return key;
    }

    public Bucket getRaw() {
        return raw;
    }

    public Bucket getScripts() {
        return scripts;
    }

    public Bucket getCheckpoints() {
        return checkpoints;
    }

    public Bucket getAthenaResults() {
        return athenaResults;
    }

    public Bucket getAccessLogs() {
        return accessLogs;
    }
}
