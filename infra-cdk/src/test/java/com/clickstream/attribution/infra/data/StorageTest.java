package com.clickstream.attribution.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StorageTest {

    private static Template template;
    private static InfraTestApp app;

    @BeforeAll
    static void synth() {
        app = InfraTestApp.get();
        template = app.template(app.stacks().data());
    }

    @Test
    void theDataKeyRotates() {
        template.resourceCountIs("AWS::KMS::Key", 1);
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void fiveBucketsRawScriptsCheckpointsAthenaResultsAndAccessLogs() {
        template.resourceCountIs("AWS::S3::Bucket", 5);
    }

    @Test
    void dataBucketsUseThePipelineKeyAndLogAccess() {
        var kmsBuckets = Cfn.resources(template, "AWS::S3::Bucket").values().stream().map(Cfn::properties)
                .filter(p -> "aws:kms".equals(Cfn.path(Cfn.list(Cfn.path(p, "BucketEncryption", "ServerSideEncryptionConfiguration")).get(0),
                        "ServerSideEncryptionByDefault", "SSEAlgorithm")))
                .toList();
        assertThat(kmsBuckets).hasSize(4);
        kmsBuckets.forEach(p -> {
            Object rule = Cfn.list(Cfn.path(p, "BucketEncryption", "ServerSideEncryptionConfiguration")).get(0);
            assertThat(Cfn.path(rule, "ServerSideEncryptionByDefault", "KMSMasterKeyID")).isNotNull();
            assertThat(Cfn.path(rule, "BucketKeyEnabled")).isEqualTo(true);
            assertThat(Cfn.path(p, "LoggingConfiguration", "DestinationBucketName")).isNotNull();
        });
    }

    @Test
    void rawEventsMoveToGlacierInstantRetrievalAndExpireAfterTheRetention() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Prefix", RawLayout.RAW_PREFIX,
                        "Status", "Enabled",
                        "ExpirationInDays", app.settings().rawRetentionDays(),
                        "Transitions", List.of(Map.of("StorageClass", "GLACIER_IR", "TransitionInDays", 90)))),
                        Match.objectLike(Map.of("Prefix", RawLayout.ERRORS_PREFIX, "ExpirationInDays", 90))))))));
    }

    @Test
    void noLifecycleRuleOfTheRawBucketExpiresOrMovesTheCuratedDataset() {
        // curated runs are deleted by the reconciler's own retention (reconciler.curated.retention), which
        // keeps a checkout's latest answer; an age-based S3 rule would not
        var rawBucket = Cfn.properties(Cfn.resources(template, "AWS::S3::Bucket").get(Cfn.logicalId(app.stacks().data().getRawBucket())));
        List<Object> rules = Cfn.list(Cfn.path(rawBucket, "LifecycleConfiguration", "Rules"));
        assertThat(rules).anyMatch(r -> RawLayout.RAW_PREFIX.equals(Cfn.path(r, "Prefix")));
        String curatedKey = CuratedLayout.attributionsKey(42, java.time.LocalDate.parse("2026-03-01"), 3);
        for (Object rule : rules) {
            boolean ages = Cfn.path(rule, "ExpirationInDays") != null || Cfn.path(rule, "Transitions") != null
                    || Cfn.path(rule, "NoncurrentVersionExpiration") != null;
            String prefix = (String) Cfn.path(rule, "Prefix");
            if (ages) {
                assertThat(prefix).as("rule %s", Cfn.path(rule, "Id")).isNotEmpty();
                assertThat(curatedKey).as("rule %s", Cfn.path(rule, "Id")).doesNotStartWith(prefix);
                assertThat(Cfn.path(rule, "TagFilters")).isNull();
            }
        }
    }

    @Test
    void scriptsBucketIsVersionedSoAJarCanBeRolledBack() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30)))))))));
    }

    @Test
    void athenaResultsExpireAfterAWeek() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Id", "expire-query-results", "ExpirationInDays", 7))))))));
    }

    @Test
    void bucketsAreRetainedWhenTheStackIsDeleted() {
        Cfn.resources(template, "AWS::S3::Bucket").values()
                .forEach(b -> assertThat(b.get("DeletionPolicy")).isEqualTo("Retain"));
    }

    @Test
    void streamsAreOnDemandAndEncryptedWithThePipelineKey() {
        template.resourceCountIs("AWS::Kinesis::Stream", 2);
        for (String name : List.of("clickstream-clicks", "clickstream-checkouts")) {
            template.hasResourceProperties("AWS::Kinesis::Stream", Match.objectLike(Map.of(
                    "Name", name,
                    "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"),
                    "RetentionPeriodHours", 24,
                    "StreamEncryption", Match.objectLike(Map.of("EncryptionType", "KMS", "KeyId", Match.anyValue())))));
        }
    }

    @Test
    void athenaWorkgroupEnforcesEncryptedResultsAndAScanCutoff() {
        template.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "BytesScannedCutoffPerQuery", Match.anyValue(),
                        "EngineVersion", Map.of("SelectedEngineVersion", "Athena engine version 3"),
                        "ResultConfiguration", Match.objectLike(Map.of(
                                "EncryptionConfiguration", Match.objectLike(Map.of("EncryptionOption", "SSE_KMS")))))))));
    }
}
