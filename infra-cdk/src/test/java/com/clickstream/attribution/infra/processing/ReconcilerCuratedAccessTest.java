package com.clickstream.attribution.infra.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler writes and deletes its curated runs under curated/ of the raw bucket, puts its run reports under
 * reports/, and writes nowhere else there.
 */
class ReconcilerCuratedAccessTest {

    private static List<Cfn.Allowed> allowed;
    private static String rawBucket;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        ReconcilerTask reconciler = app.stacks().processing().getReconciler();
        allowed = Cfn.allowed(Cfn.roleStatements(app.template(app.stacks().processing()),
                Cfn.logicalId(reconciler.getTaskDefinition().getTaskRole())));
        rawBucket = Cfn.logicalId(app.stacks().data().getRawBucket());
    }

    @Test
    void taskRoleCanPutCuratedObjects() {
        assertThat(allowed).anyMatch(a -> a.action().equals("s3:PutObject") && onCurated(a));
    }

    @Test
    void taskRoleCanDeleteCuratedObjectsForRetention() {
        assertThat(allowed).anyMatch(a -> a.action().startsWith("s3:DeleteObject") && onCurated(a));
    }

    @Test
    void taskRoleCanPutRunReports() {
        assertThat(allowed).anyMatch(a -> a.action().equals("s3:PutObject") && onReports(a));
    }

    @Test
    void taskRoleWritesNothingOutsideCuratedAndDeletesNoReport() {
        List<Cfn.Allowed> writes = allowed.stream().filter(a -> a.action().matches("s3:(Put|Delete|Abort|Replicate|Restore).*")).toList();
        assertThat(writes).isNotEmpty().allMatch(a -> onCurated(a) || onReports(a));
        assertThat(writes).filteredOn(a -> a.action().startsWith("s3:Delete")).allMatch(ReconcilerCuratedAccessTest::onCurated);
    }

    @Test
    void taskRoleCanEncryptWithTheDataKeyToWriteSseKmsObjects() {
        assertThat(allowed).anyMatch(a -> a.action().startsWith("kms:GenerateDataKey"));
    }

    private static boolean onReports(Cfn.Allowed a) {
        return a.resource().contains(rawBucket) && a.resource().endsWith("/reports/*");
    }

    private static boolean onCurated(Cfn.Allowed a) {
        return a.resource().contains(rawBucket) && a.resource().endsWith("/curated/*");
    }
}
