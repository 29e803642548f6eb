package com.clickstream.attribution.infra.catalog;

import com.clickstream.attribution.infra.config.PipelineSettings;
import com.clickstream.attribution.infra.nag.Nag;
import com.clickstream.attribution.rawstore.RawLayout;
import com.clickstream.attribution.rawstore.curated.CuratedLayout;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The analysts' role: query the raw and curated tables through the analyst workgroup, and nothing else.
 * Read-only on the data ({@code raw/*}, {@code curated/*} of the raw bucket; the Glue database's metadata),
 * read-write only on the workgroup's query results. Trusted by this account: who may assume it (people
 * through SSO, dashboards) is the account's own IAM decision.
 */
public final class AnalystAccess extends Construct {

    /** The objects analysts read: the raw events and the reconciler's curated dataset. */
    public static final List<String> READABLE_OBJECTS = List.of(RawLayout.RAW_PREFIX + "*", CuratedLayout.PREFIX + "*");

    private final Role role;

    public AnalystAccess(Construct scope, String id, PipelineSettings settings, IBucket raw, IBucket results,
            String databaseName, String workGroupName) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .roleName(settings.name("analyst"))
                .description("Analysts: Athena over the raw and curated tables, read-only on the data")
                .assumedBy(new AccountRootPrincipal())
                .build();
        for (String objects : READABLE_OBJECTS) {
            raw.grantRead(role, objects); // also kms:Decrypt on the data key
        }
        results.grantReadWrite(role, "results/*");
        String arn = "arn:" + Aws.PARTITION + ":%s:" + Stack.of(this).getRegion() + ":" + Aws.ACCOUNT_ID + ":%s";
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("QueryInTheAnalystWorkgroup")
                .actions(List.of("athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution",
                        "athena:GetQueryResults", "athena:GetQueryResultsStream", "athena:BatchGetQueryExecution",
                        "athena:ListQueryExecutions", "athena:GetWorkGroup"))
                .resources(List.of(String.format(arn, "athena", "workgroup/" + workGroupName)))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadTheClickstreamCatalog")
                .actions(List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables",
                        "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"))
                .resources(List.of(String.format(arn, "glue", "catalog"),
                        String.format(arn, "glue", "database/" + databaseName),
                        String.format(arn, "glue", "table/" + databaseName + "/*")))
                .build());
        Nag.suppressFindings(role, "AwsSolutions-IAM5",
                "Analysts read every object under raw/ and curated/ (new partitions every hour) and every table of the "
                        + "clickstream database; they write query results under results/ of the results bucket only.",
                "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:DeleteObject*",
                "Action::s3:Abort*", "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*",
                "regex:/^Resource::.*(Raw|AthenaResults).*Arn.*\\/\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:glue:.*:table\\/.*\\/\\*$/g");
    }

    public Role getRole() {
        return role;
    }
}
