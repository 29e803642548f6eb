package com.clickstream.attribution.infra.database;

import com.clickstream.attribution.infra.config.PipelineSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/** The attribution database (RDS PostgreSQL) and its secret. */
public final class DatabaseStack extends Stack {

    /** What the database stack needs: the network's VPC and the data stack's key. */
    public record Props(StackProps stack, PipelineSettings settings, IVpc vpc, IKey key) {
    }

    private final AttributionDatabase database;

    public DatabaseStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        this.database = new AttributionDatabase(this, "Database", props.settings(), props.vpc(), props.key());
        CfnOutput.Builder.create(this, "JdbcUrl").value(database.jdbcUrl()).build();
        CfnOutput.Builder.create(this, "SecretName").value(database.getSecret().getSecretName())
                .description("Secrets Manager secret with username/password of the database").build();
    }

    public DatabaseInstance getInstance() {
        return database.getInstance();
    }

    public ISecurityGroup getSecurityGroup() {
        return database.getSecurityGroup();
    }

    public ISecret getSecret() {
        return database.getSecret();
    }

    public String getJdbcUrl() {
        return database.jdbcUrl();
    }

    public AttributionDatabase getDatabase() {
        return database;
    }
}
