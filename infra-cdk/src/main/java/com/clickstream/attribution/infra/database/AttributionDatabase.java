package com.clickstream.attribution.infra.database;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.infra.network.PrivateNetwork;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsFromUsernameOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The PostgreSQL database of schema {@code ecommerce} (RDS, PostgreSQL 17, as the embedded one the
 * tests use): private subnets only, not publicly accessible, storage and secret encrypted with the
 * pipeline key, TLS enforced by the parameter group ({@code rds.force_ssl=1}), IAM authentication
 * available, automated backups, deletion protection configurable, master password in Secrets
 * Manager rotated every 30 days. Only security groups that are explicitly allowed reach its port.
 */
public final class AttributionDatabase extends Construct {

    /** Database name the pipeline's schema {@code ecommerce} lives in. */
    public static final String DATABASE_NAME = "attribution";
    /** Master user (the migrations run as it; issue 8's least-privilege roles are created by Flyway). */
    public static final String ADMIN_USER = "attribution_admin";
    /** Not 5432: AwsSolutions-RDS11 asks for a non-default port. */
    public static final int PORT = 5532;
    public static final Duration ROTATION = Duration.days(30);

    private final DatabaseInstance instance;
    private final SecurityGroup securityGroup;

    public AttributionDatabase(Construct scope, String id, PipelineSettings settings, IVpc vpc, IKey key) {
        super(scope, id);
        IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                .version(PostgresEngineVersion.VER_17_6).build());
        ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
                .engine(engine)
                .description("Clickstream attribution: TLS only, slow statements logged")
                .parameters(Map.of(
                        "rds.force_ssl", "1",
                        "log_min_duration_statement", "1000"))
                .build();
        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("PostgreSQL: ingress only from the Glue job, the reconciler and secret rotation")
                .allowAllOutbound(false)
                .build();
        String identifier = settings.name("attribution-db");
        // Created here so it has a retention (RDS would create it without one on first export).
        LogGroup postgresLogs = LogGroup.Builder.create(this, "PostgresLogs")
                .logGroupName("/aws/rds/instance/" + identifier + "/postgresql")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        this.instance = DatabaseInstance.Builder.create(this, "Instance")
                .instanceIdentifier(identifier)
                .engine(engine)
                .instanceType(new InstanceType(settings.dbInstanceType()))
                .vpc(vpc)
                .vpcSubnets(PrivateNetwork.privateSubnets())
                .publiclyAccessible(false)
                .securityGroups(List.of(securityGroup))
                .port(PORT)
                .databaseName(DATABASE_NAME)
                .credentials(Credentials.fromGeneratedSecret(ADMIN_USER, CredentialsFromUsernameOptions.builder()
                        .secretName(settings.prefix() + "/database/admin")
                        .encryptionKey(key)
                        .build()))
                .parameterGroup(parameters)
                .storageType(StorageType.GP3)
                .allocatedStorage(settings.dbAllocatedStorageGiB())
                .maxAllocatedStorage(settings.dbAllocatedStorageGiB() * 4)
                .storageEncrypted(true)
                .storageEncryptionKey(key)
                .multiAz(settings.dbMultiAz())
                .iamAuthentication(true)
                .backupRetention(Duration.days(settings.dbBackupRetentionDays()))
                .preferredBackupWindow("03:30-04:00") // after the 02:30 reconciliation
                .preferredMaintenanceWindow("sun:04:30-sun:05:00")
                .deleteAutomatedBackups(false)
                .deletionProtection(settings.dbDeletionProtection())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .autoMinorVersionUpgrade(true)
                .cloudwatchLogsExports(List.of("postgresql"))
                .copyTagsToSnapshot(true)
                .build();
        instance.getNode().addDependency(postgresLogs);

        instance.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(ROTATION)
                .vpcSubnets(PrivateNetwork.privateSubnets())
                .build());

        if (!settings.dbMultiAz()) {
            Nag.suppress(instance, "AwsSolutions-RDS3",
                    "Single-AZ by default to halve the database cost of a demo deployment; set context dbMultiAz=true "
                            + "for production (docs/deployment.md). Backups and snapshots still protect the data.");
        }
        if (!settings.dbDeletionProtection()) {
            Nag.suppress(instance, "AwsSolutions-RDS10",
                    "Deletion protection was switched off explicitly (context dbDeletionProtection=false) so that a test "
                            + "deployment can be destroyed; a final snapshot is still taken (removal policy SNAPSHOT).");
        }
    }

    public DatabaseInstance getInstance() {
        return instance;
    }

    public ISecret getSecret() {
        return instance.getSecret();
    }

    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    /** JDBC URL of the pipeline database; TLS required (the server refuses plain connections anyway). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + instance.getDbInstanceEndpointAddress() + ":" + instance.getDbInstanceEndpointPort()
                + "/" + DATABASE_NAME + "?sslmode=require";
    }
}
