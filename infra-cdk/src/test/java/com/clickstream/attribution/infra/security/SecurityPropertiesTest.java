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
        for (Template t : templates.values()) {
            for (Map<String, Object> s : Cfn.iamStatements(t)) {
                if (Cfn.list(s.get("Resource")).contains("*") && "Allow".equals(s.get("Effect"))) {
                    for (Object action : Cfn.list(s.get("Action"))) {
                        assertThat(allowed).as("action %s on *", action).anyMatch(a -> String.valueOf(action).startsWith(a));
                    }
                    if (Cfn.list(s.get("Action")).contains("cloudwatch:PutMetricData")) {
                        assertThat(String.valueOf(s.get("Condition"))).contains("cloudwatch:namespace");
                    }
                }
            }
        }
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
        for (Template t : templates.values()) {
            var buckets = Cfn.resources(t, "AWS::S3::Bucket").keySet();
            var policies = Cfn.resources(t, "AWS::S3::BucketPolicy").values().stream().map(Cfn::properties).toList();
            for (String bucket : buckets) {
                assertThat(policies).as("TLS-only policy of " + bucket).anySatisfy(p -> {
                    assertThat(String.valueOf(p.get("Bucket"))).contains(bucket);
                    assertThat(Cfn.list(Cfn.path(p, "PolicyDocument", "Statement"))).anySatisfy(s -> {
                        assertThat(Cfn.path(s, "Effect")).isEqualTo("Deny");
                        assertThat(Cfn.path(s, "Condition", "Bool", "aws:SecureTransport")).isEqualTo("false");
                    });
                });
            }
        }
    }

    @Test
    void noSecurityGroupIsOpenToTheInternet() {
        for (Template t : templates.values()) {
            List<Object> rules = new ArrayList<>();
            Cfn.resources(t, "AWS::EC2::SecurityGroup").values()
                    .forEach(sg -> rules.addAll(Cfn.list(Cfn.properties(sg).get("SecurityGroupIngress"))));
            Cfn.resources(t, "AWS::EC2::SecurityGroupIngress").values().forEach(r -> rules.add(Cfn.properties(r)));
            for (Object rule : rules) {
                assertThat(String.valueOf(Cfn.path(rule, "CidrIp"))).isNotEqualTo("0.0.0.0/0");
                assertThat(String.valueOf(Cfn.path(rule, "CidrIpv6"))).isNotEqualTo("::/0");
            }
        }
    }

    @Test
    void dataAtRestIsEncryptedEverywhere() {
        for (Template t : templates.values()) {
            Cfn.resources(t, "AWS::Kinesis::Stream").values().forEach(s ->
                    assertThat(Cfn.path(Cfn.properties(s), "StreamEncryption", "EncryptionType")).isEqualTo("KMS"));
            Cfn.resources(t, "AWS::RDS::DBInstance").values().forEach(db ->
                    assertThat(Cfn.properties(db).get("StorageEncrypted")).isEqualTo(true));
            Cfn.resources(t, "AWS::SNS::Topic").values().forEach(topic ->
                    assertThat(Cfn.properties(topic).get("KmsMasterKeyId")).isNotNull());
            Cfn.resources(t, "AWS::KMS::Key").values().forEach(k ->
                    assertThat(Cfn.properties(k).get("EnableKeyRotation")).isEqualTo(true));
        }
    }

    @Test
    void nothingIsPubliclyReachable() {
        for (Template t : templates.values()) {
            Cfn.resources(t, "AWS::RDS::DBInstance").values().forEach(db ->
                    assertThat(Cfn.properties(db).get("PubliclyAccessible")).isEqualTo(false));
            Cfn.resources(t, "AWS::EC2::Subnet").values().forEach(s ->
                    assertThat(Cfn.properties(s).get("MapPublicIpOnLaunch")).isEqualTo(false));
            assertThat(Cfn.resources(t, "AWS::EC2::InternetGateway")).isEmpty();
            assertThat(Cfn.resources(t, "AWS::Lambda::Url")).isEmpty();
            assertThat(Cfn.resources(t, "AWS::ElasticLoadBalancingV2::LoadBalancer")).isEmpty();
        }
    }

    @Test
    void everyLogGroupExpires() {
        for (Template t : templates.values()) {
            Cfn.resources(t, "AWS::Logs::LogGroup").values().forEach(lg ->
                    assertThat(Cfn.properties(lg).get("RetentionInDays")).isNotNull());
        }
    }
}
