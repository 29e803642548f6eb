package com.clickstream.attribution.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.data.DataStack;
import com.clickstream.attribution.infra.network.NetworkStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DatabaseStackTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().database());
    }

    @Test
    void postgres17InPrivateSubnetsNotPubliclyAccessible() {
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "Engine", "postgres",
                "EngineVersion", "17.6",
                "PubliclyAccessible", false,
                "DBName", AttributionDatabase.DATABASE_NAME,
                "Port", String.valueOf(AttributionDatabase.PORT))));
        Map<String, Object> subnetGroup = Cfn.only(template, "AWS::RDS::DBSubnetGroup");
        assertThat(String.valueOf(subnetGroup.get("SubnetIds"))).contains("privateSubnet1").contains("privateSubnet2");
    }

    @Test
    void storageEncryptedWithThePipelineKeyAndIamAuthenticationOn() {
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "StorageEncrypted", true,
                "KmsKeyId", Match.anyValue(),
                "StorageType", "gp3",
                "EnableIAMDatabaseAuthentication", true)));
    }

    @Test
    void tlsIsEnforcedByTheParameterGroup() {
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Match.objectLike(Map.of(
                "Family", "postgres17",
                "Parameters", Match.objectLike(Map.of("rds.force_ssl", "1")))));
    }

    @Test
    void backupsDeletionProtectionAndASnapshotOnDelete() {
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "BackupRetentionPeriod", 7,
                "DeletionProtection", true,
                "DeleteAutomatedBackups", false)));
        template.hasResource("AWS::RDS::DBInstance", Match.objectLike(Map.of("DeletionPolicy", "Snapshot")));
    }

    @Test
    void credentialsAreAGeneratedSecretEncryptedAndRotatedEvery30Days() {
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "KmsKeyId", Match.anyValue(),
                "GenerateSecretString", Match.objectLike(Map.of(
                        "SecretStringTemplate", "{\"username\":\"" + AttributionDatabase.ADMIN_USER + "\"}",
                        "GenerateStringKey", "password")))));
        template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Match.objectLike(Map.of(
                "RotationRules", Map.of("ScheduleExpression", "rate(30 days)"))));
    }

    @Test
    void databaseSecurityGroupHasNoIngressOfItsOwn() {
        // its only ingress rules are added by the processing stack, from the job's and the reconciler's groups
        Map<String, Object> sg = Cfn.resources(template, "AWS::EC2::SecurityGroup").values().stream().map(Cfn::properties)
                .filter(p -> String.valueOf(p.get("GroupDescription")).startsWith("PostgreSQL"))
                .findFirst().orElseThrow();
        assertThat(sg.get("SecurityGroupIngress")).isNull();
        template.resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress",
                Match.objectLike(Map.of("CidrIp", Match.anyValue())), 0);
    }

    @Test
    void postgresLogsGoToALogGroupWithRetention() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/rds/instance/clickstream-attribution-db/postgresql", "RetentionInDays", 30));
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "EnableCloudwatchLogsExports", List.of("postgresql"))));
    }

    @Test
    void productionSettingsTurnOnMultiAzAndASwitchedOffDeletionProtectionIsExplained() {
        PipelineSettings settings = PipelineSettings.fromMap(Map.of("dbMultiAz", "true", "dbDeletionProtection", "false"));
        App app = App.Builder.create().outdir("target/cdk.out-database-variant")
                .context(Map.of("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true)).build();
        NetworkStack network = new NetworkStack(app, "N", new NetworkStack.Props(StackProps.builder().build(), settings));
        DataStack data = new DataStack(app, "D", new DataStack.Props(StackProps.builder().build(), settings));
        DatabaseStack db = new DatabaseStack(app, "Db", new DatabaseStack.Props(StackProps.builder().build(), settings,
                network.getVpc(), data.getKey()));
        Template other = Template.fromStack(db);
        other.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "MultiAZ", true, "DeletionProtection", false)));
        Map<String, Object> instance = Cfn.resources(other, "AWS::RDS::DBInstance").values().iterator().next();
        String suppressions = String.valueOf(Cfn.path(instance, "Metadata", "cdk_nag", "rules_to_suppress"));
        assertThat(suppressions).contains("AwsSolutions-RDS10").doesNotContain("AwsSolutions-RDS3");
    }
}
