package com.clickstream.attribution.rawlanding;

import static com.clickstream.attribution.rawlanding.CommandLineErrorsTest.assertOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.testsupport.kinesis.KinesisServerExtension;
import com.clickstream.attribution.testsupport.s3.S3ServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check against real servers (kinesalite, s3proxy): a missing stream and a missing bucket
 * are one line and exit 1, existing ones pass; and the real {@code main} in a child
 * JVM exits 2 with one line for a bad setting.
 */
class CommandLineErrorsIT {

    @RegisterExtension
    static final KinesisServerExtension KINESIS = KinesisServerExtension.kinesalite();

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.inMemory();

    @TempDir
    Path dir;

    @Test
    void theCheckNamesAMissingStreamAndBucketAndPassesExistingOnes() throws Exception {
        KINESIS.createStream("cli-clicks", 1);
        KINESIS.createStream("cli-checkouts", 1);
        S3.createBucket("cli-raw");
        String kinesis = "--kinesis.endpoint=" + KINESIS.endpoint();
        String s3 = "--s3.endpoint=" + S3.endpoint();

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int missing = RawLandingMain.run(new String[] {"--drain", kinesis, s3, "--stream.click=cli-clicks",
                "--stream.checkout=no-such-stream", "--bucket=no-such-bucket"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> existing = RawLandingMain.unavailable(RawLandingOptions.fromMap(java.util.Map.of(
                "kinesis.endpoint", KINESIS.endpoint().toString(), "s3.endpoint", S3.endpoint().toString(),
                "stream.click", "cli-clicks", "stream.checkout", "cli-checkouts", "bucket", "cli-raw")));

        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.print("missing stream and bucket: exit " + missing + ", stderr: " + stderr);
        assertThat(missing).isEqualTo(RawLandingMain.FAILED);
        assertOneLine(stderr, "Kinesis stream 'no-such-stream' at " + KINESIS.endpoint(), "not found",
                "S3 bucket 'no-such-bucket' at " + S3.endpoint() + " (s3.endpoint): no such bucket");
        assertThat(stderr).doesNotContain("'cli-clicks'");
        assertThat(existing).as("existing streams and bucket pass the check").isEmpty();
    }

    @Test
    void theRealMainExitsTwoWithOneLineForABadSetting() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RawLandingMain.class.getName(), "--drain", "--poll.interval=soon")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("main ended within 60 s").isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        System.out.print("child JVM: exit " + child.exitValue() + ", stderr: " + err);
        assertThat(child.exitValue()).isEqualTo(RawLandingMain.BAD_ARGUMENTS);
        assertOneLine(err, "poll.interval=soon", "not a duration");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEmpty();
    }
}
