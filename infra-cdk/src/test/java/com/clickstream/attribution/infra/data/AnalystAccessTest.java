package com.clickstream.attribution.infra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Analysts query the raw and curated tables through their workgroup, read-only on the data. */
class AnalystAccessTest {

    private static Template template;
    private static List<Cfn.Allowed> allowed;
    private static String roleId;
    private static String rawBucket;
    private static String resultsBucket;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        DataStack data = app.stacks().data();
        template = app.template(data);
        roleId = Cfn.logicalId(data.getAnalysts().getRole());
        allowed = Cfn.allowed(Cfn.roleStatements(template, roleId));
        rawBucket = Cfn.logicalId(data.getRawBucket());
        resultsBucket = Cfn.logicalId(data.getAthenaResultsBucket());
    }

    @Test
    void analystsReadCuratedObjects() {
        assertThat(allowed).anyMatch(a -> a.action().equals("s3:GetObject*")
                && a.resource().equals("${" + rawBucket + ".Arn}/curated/*"));
    }

    @Test
    void analystsReadRawObjects() {
        assertThat(allowed).anyMatch(a -> a.action().equals("s3:GetObject*")
                && a.resource().equals("${" + rawBucket + ".Arn}/raw/*"));
    }

    @Test
    void analystsWriteNothingInTheRawBucket() {
        assertThat(allowed).filteredOn(a -> a.resource().contains(rawBucket)).isNotEmpty()
                .allMatch(a -> a.action().matches("s3:(Get|List).*"));
    }

    @Test
    void analystsWriteOnlyQueryResults() {
        // object actions count on object ARNs only (CDK lists the bucket ARN too, where they match nothing)
        assertThat(allowed).filteredOn(a -> a.action().matches("s3:(Put|Delete|Abort|Replicate|Restore).*"))
                .filteredOn(a -> a.resource().contains(".Arn}/")).isNotEmpty()
                .allMatch(a -> a.resource().equals("${" + resultsBucket + ".Arn}/results/*"));
    }

    @Test
    void analystsOnlyReadTheGlueCatalog() {
        assertThat(allowed).filteredOn(a -> a.action().startsWith("glue:")).isNotEmpty()
                .allMatch(a -> a.action().matches("glue:(Get|BatchGet)\\w+"))
                .anyMatch(a -> a.resource().endsWith(":table/clickstream/*"));
    }

    @Test
    void analystsQueryOnlyInTheirWorkgroup() {
        assertThat(allowed).filteredOn(a -> a.action().startsWith("athena:")).isNotEmpty()
                .allMatch(a -> a.resource().endsWith(":workgroup/clickstream-analysts"));
    }

    @Test
    void theRoleIsAssumedFromThisAccount() {
        Object trust = Cfn.path(template.toJSON(), "Resources", roleId, "Properties", "AssumeRolePolicyDocument", "Statement");
        assertThat(Cfn.list(trust)).singleElement().satisfies(s -> {
            assertThat(Cfn.path(s, "Action")).isEqualTo("sts:AssumeRole");
            assertThat(Cfn.render(Cfn.path(s, "Principal", "AWS"))).contains("${AWS::AccountId}").endsWith(":root");
        });
    }
}
