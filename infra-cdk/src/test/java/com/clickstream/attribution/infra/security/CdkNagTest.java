package com.clickstream.attribution.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import com.clickstream.attribution.infra.nag.Nag;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * cdk-nag's AwsSolutions pack over every stack: no unsuppressed error (nor warning), and every
 * suppression carries a reason. The suppressions are written to target/cdk-nag-suppressions.md.
 */
class CdkNagTest {

    @Test
    void noStackHasAnUnsuppressedAwsSolutionsError() {
        InfraTestApp app = InfraTestApp.get();
        for (Stack stack : app.stacks().all()) {
            var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            assertThat(errors).as(stack.getStackName() + ": " + errors.stream().map(e -> e.getId() + " " + e.getEntry().getData()).toList())
                    .isEmpty();
        }
    }

    @Test
    void noStackHasAnUnsuppressedAwsSolutionsWarningOrValidationFailure() {
        InfraTestApp app = InfraTestApp.get();
        for (Stack stack : app.stacks().all()) {
            var warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("(AwsSolutions|CdkNagValidationFailure).*"));
            assertThat(warnings).as(stack.getStackName() + ": " + warnings.stream().map(e -> e.getId() + " " + e.getEntry().getData()).toList())
                    .isEmpty();
        }
    }

    @Test
    void everySuppressionHasAWrittenReason() throws IOException {
        List<String> rows = new ArrayList<>();
        for (var e : InfraTestApp.get().templates().entrySet()) {
            for (var r : resourcesWithSuppressions(e.getValue()).entrySet()) {
                for (Object s : Cfn.list(Cfn.path(r.getValue(), "Metadata", "cdk_nag", "rules_to_suppress"))) {
                    String reason = String.valueOf(Cfn.path(s, "reason"));
                    assertThat(reason.strip()).as("reason of " + Cfn.path(s, "id") + " on " + r.getKey())
                            .hasSizeGreaterThanOrEqualTo(Nag.MIN_REASON_LENGTH);
                    rows.add("| " + e.getKey() + " | " + r.getKey() + " | " + Cfn.path(s, "id") + " | "
                            + reason.replace("|", "/") + " |");
                }
            }
        }
        assertThat(rows).isNotEmpty();
        Path out = Path.of("target", "cdk-nag-suppressions.md");
        Files.writeString(out, "| stack | resource | rule | reason |\n| --- | --- | --- | --- |\n"
                + String.join("\n", rows.stream().distinct().toList()) + "\n");
        System.out.println("[infra-cdk tests] " + rows.size() + " cdk-nag suppressions written to " + out);
    }

    @Test
    void theNagPackReallyRunsItFlagsAnUnencryptedPublicBucket() {
        App app = App.Builder.create().outdir("target/cdk.out-nag-control").build();
        Stack stack = new Stack(app, "Control");
        Bucket.Builder.create(stack, "Careless").build();
        Aspects.of(app).add(new AwsSolutionsChecks());
        var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-S.*"));
        assertThat(errors).extracting(e -> String.valueOf(e.getEntry().getData()))
                .anyMatch(d -> d.startsWith("AwsSolutions-S1"))
                .anyMatch(d -> d.startsWith("AwsSolutions-S10"));
    }

    private static Map<String, Map<String, Object>> resourcesWithSuppressions(Template t) {
        Map<String, Object> json = t.toJSON();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) json.get("Resources");
        Map<String, Map<String, Object>> with = new java.util.TreeMap<>();
        resources.forEach((id, r) -> {
            if (Cfn.path(r, "Metadata", "cdk_nag", "rules_to_suppress") != null) {
                with.put(id, r);
            }
        });
        return with;
    }
}
