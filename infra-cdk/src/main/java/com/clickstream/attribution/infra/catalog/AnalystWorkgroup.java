package com.clickstream.attribution.infra.catalog;

import com.clickstream.attribution.infra.config.PipelineSettings;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Athena workgroup analysts use for db/athena/queries.sql: engine v3, results in the results
 * bucket encrypted with the pipeline key, settings enforced (a client cannot write results elsewhere
 * or unencrypted), a 10 GB scan cutoff per query so a query without a dt filter cannot run away.
 */
public final class AnalystWorkgroup extends Construct {

    /** Scan limit per query (bytes); the raw data is partitioned by hour, so real queries scan far less. */
    public static final long BYTES_SCANNED_CUTOFF = 10L * 1024 * 1024 * 1024;

    private final CfnWorkGroup workGroup;

    public AnalystWorkgroup(Construct scope, String id, PipelineSettings settings, IBucket results, IKey key) {
        super(scope, id);
        this.workGroup = CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name(settings.name("analysts"))
                .description("Athena over the raw clickstream events (db/athena/queries.sql)")
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(BYTES_SCANNED_CUTOFF)
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + results.getBucketName() + "/results/")
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_KMS")
                                        .kmsKey(key.getKeyArn())
                                        .build())
                                .build())
                        .build())
                .build();
    }

    public String getName() {
        return workGroup.getName();
    }
}
