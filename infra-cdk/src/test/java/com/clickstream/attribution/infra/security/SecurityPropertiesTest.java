package com.clickstream.attribution.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Properties that must hold in EVERY stack, checked over every resource of the kind. */
class SecurityPropertiesTest {

    private static Map<String, Template> templates;

    @BeforeAll
    static void synth() {
        templates = InfraTestApp.get().templates();
    }

    /**
     * Every resource of {@code type} in the app; never empty, so a property checked over them cannot pass
     * because the loop had nothing to check (a renamed type, a stack left out of the app).
     */
    private static List<Map<String, Object>> every(String type) {
        List<Map<String, Object>> all = templates.values().stream()
                .flatMap(t -> Cfn.resources(t, type).values().stream()).toList();
        assertThat(all).as("resources of type %s in the app", type).isNotEmpty();
        return all;
    }

    @Test
    void noIamStatementAllowsAWildcardActionOnAWildcardResource() {
        List<String> offenders = new ArrayList<>();
        int statements = 0;
        for (var e : templates.entrySet()) {
            for (Map<String, Object> s : Cfn.iamStatements(e.getValue())) {
                statements++;
                boolean anyResource = Cfn.list(s.get("Resource")).contains("*");
                boolean wildcardAction = Cfn.list(s.get("Action")).stream()
                        .anyMatch(a -> "*".equals(a) || String.valueOf(a).endsWith(":*"));
                if ("Allow".equals(s.get("Effect")) && anyResource && wildcardAction) {
                    offenders.add(e.getKey() + ": " + s);
                }
                assertThat(s).doesNotContainKey("NotAction").doesNotContainKey("NotResource");
            }
        }
        assertThat(statements).isGreaterThan(20);
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyStatementOnAllResourcesIsAReadOnlyOrConditionedCall() {
        // "Resource: *" is allowed only where AWS offers no resource-level scope; each one is listed here.
        List<String> allowed = List.of("ec2:Describe", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken", "xray:");
        int onAll = 0;
        for (Template t : templates.values()) {
            for (Map<String, Object> s : Cfn.iamStatements(t)) {
                if (Cfn.list(s.get("Resource")).contains("*") && "Allow".equals(s.get("Effect"))) {
                    onAll++;
                    for (Object action : Cfn.list(s.get("Action"))) {
                        assertThat(allowed).as("action %s on *", action).anyMatch(a -> String.valueOf(action).startsWith(a));
                    }
                    if (Cfn.list(s.get("Action")).contains("cloudwatch:PutMetricData")) {
                        assertThat(String.valueOf(s.get("Condition"))).contains("cloudwatch:namespace");
                    }
                }
            }
        }
        assertThat(onAll).as("statements on Resource * (ENIs, metrics, ECR token)").isPositive();
    }

    @Test
    void everyBucketIsEncryptedAndBlocksAllPublicAccess() {
        int buckets = 0;
        for (Template t : templates.values()) {
            for (var bucket : Cfn.resources(t, "AWS::S3::Bucket").values()) {
                buckets++;
                Map<String, Object> p = Cfn.properties(bucket);
                assertThat(Cfn.path(p, "BucketEncryption", "ServerSideEncryptionConfiguration")).isNotNull();
                @SuppressWarnings("unchecked")
                Map<String, Object> block = (Map<String, Object>) p.get("PublicAccessBlockConfiguration");
                assertThat(block).containsAllEntriesOf(Map.<String, Object>of(
                        "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
                assertThat(p.get("LifecycleConfiguration")).as("lifecycle rules").isNotNull();
            }
        }
        assertThat(buckets).isEqualTo(5);
    }

    @Test
    void everyBucketPolicyDeniesRequestsWithoutTls() {
        int buckets = 0;
        for (Template t : templates.values()) {
            var names = Cfn.resources(t, "AWS::S3::Bucket").keySet();
            var policies = Cfn.resources(t, "AWS::S3::BucketPolicy").values().stream().map(Cfn::properties).toList();
            for (String bucket : names) {
                buckets++;
                assertThat(policies).as("TLS-only policy of " + bucket).anySatisfy(p -> {
                    assertThat(String.valueOf(p.get("Bucket"))).contains(bucket);
                    assertThat(Cfn.list(Cfn.path(p, "PolicyDocument", "Statement"))).anySatisfy(s -> {
                        assertThat(Cfn.path(s, "Effect")).isEqualTo("Deny");
                        assertThat(Cfn.path(s, "Condition", "Bool", "aws:SecureTransport")).isEqualTo("false");
                    });
                });
            }
        }
        assertThat(buckets).isEqualTo(5);
    }

    @Test
    void noSecurityGroupIsOpenToTheInternet() {
        List<Object> rules = new ArrayList<>();
        every("AWS::EC2::SecurityGroup").forEach(sg -> rules.addAll(Cfn.list(Cfn.properties(sg).get("SecurityGroupIngress"))));
        for (Template t : templates.values()) {
            Cfn.resources(t, "AWS::EC2::SecurityGroupIngress").values().forEach(r -> rules.add(Cfn.properties(r)));
        }
        assertThat(rules).as("ingress rules (database from the job, endpoints from the VPC)").isNotEmpty();
        for (Object rule : rules) {
            assertThat(String.valueOf(Cfn.path(rule, "CidrIp"))).isNotEqualTo("0.0.0.0/0");
            assertThat(String.valueOf(Cfn.path(rule, "CidrIpv6"))).isNotEqualTo("::/0");
        }
    }

    @Test
    void dataAtRestIsEncryptedEverywhere() {
        every("AWS::Kinesis::Stream").forEach(s ->
                assertThat(Cfn.path(Cfn.properties(s), "StreamEncryption", "EncryptionType")).isEqualTo("KMS"));
        every("AWS::RDS::DBInstance").forEach(db ->
                assertThat(Cfn.properties(db).get("StorageEncrypted")).isEqualTo(true));
        every("AWS::SNS::Topic").forEach(topic ->
                assertThat(Cfn.properties(topic).get("KmsMasterKeyId")).isNotNull());
        every("AWS::KMS::Key").forEach(k ->
                assertThat(Cfn.properties(k).get("EnableKeyRotation")).isEqualTo(true));
    }

    @Test
    void nothingIsPubliclyReachable() {
        every("AWS::RDS::DBInstance").forEach(db ->
                assertThat(Cfn.properties(db).get("PubliclyAccessible")).isEqualTo(false));
        every("AWS::EC2::Subnet").forEach(s ->
                assertThat(Cfn.properties(s).get("MapPublicIpOnLaunch")).isEqualTo(false));
        for (Template t : templates.values()) {
            // absence checks: an empty set is the point here
            assertThat(Cfn.resources(t, "AWS::EC2::InternetGateway")).isEmpty();
            assertThat(Cfn.resources(t, "AWS::Lambda::Url")).isEmpty();
            assertThat(Cfn.resources(t, "AWS::ElasticLoadBalancingV2::LoadBalancer")).isEmpty();
        }
    }

    @Test
    void everyLogGroupExpires() {
        every("AWS::Logs::LogGroup").forEach(lg ->
                assertThat(Cfn.properties(lg).get("RetentionInDays")).isNotNull());
    }
}
