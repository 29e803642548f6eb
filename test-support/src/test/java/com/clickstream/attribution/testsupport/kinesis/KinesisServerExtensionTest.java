package com.clickstream.attribution.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No server is started here: failure messages and the proxy's JSON handling. */
class KinesisServerExtensionTest {

    @TempDir
    Path emptyDir;

    @Test
    void missingPackageFailsWithAMessageSayingHowToInstallIt() {
        KinesisServerExtension extension = KinesisServerExtension.kinesalite()
                .nodeModulesDir(emptyDir).logDir(emptyDir.resolve("logs"));

        assertThatThrownBy(extension::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kinesalite")
                .hasMessageContaining("npm ci");
        assertThat(extension.isRunning()).isFalse();
    }

    @Test
    void missingNodeFailsWithAMessageNamingNode() throws Exception {
        Path modules = NodeServerProcess.nodeModulesDir();
        String previous = System.getProperty("node.executable");
        System.setProperty("node.executable", emptyDir.resolve("no-such-node").toString());
        try {
            assertThatThrownBy(() -> KinesisServerExtension.kinesalite().nodeModulesDir(modules)
                    .logDir(emptyDir.resolve("logs")).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Node.js");
        } finally {
            if (previous == null) {
                System.clearProperty("node.executable");
            } else {
                System.setProperty("node.executable", previous);
            }
        }
    }

    @Test
    void nodeModulesDirComesFromTheFilteredResource() {
        assertThat(NodeServerProcess.nodeModulesDir()).isAbsolute().endsWith(Path.of("node_modules"));
    }

    @Test
    void usingTheServerBeforeItStartsSaysHowToRegisterIt() {
        assertThatThrownBy(() -> KinesisServerExtension.kinesalite().endpoint())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension");
    }

    @Test
    void aPutRecordsBodyRoundTripsThroughTheProxysJson() {
        String body = "{\"StreamName\":\"clicks\",\"Records\":[{\"Data\":\"eyJhIjoxfQ==\",\"PartitionKey\":\"u\\\"1\\u00e9\"}],"
                + "\"N\":12,\"D\":1.5,\"T\":true,\"Z\":null}";

        Map<String, Object> map = ShardLimitProxy.parseObject(body.getBytes(StandardCharsets.UTF_8));

        assertThat(map.get("StreamName")).isEqualTo("clicks");
        assertThat(((List<?>) map.get("Records"))).hasSize(1);
        assertThat(((Map<?, ?>) ((List<?>) map.get("Records")).get(0)).get("PartitionKey")).isEqualTo("u\"1\u00e9");
        assertThat(map.keySet()).containsExactly("StreamName", "Records", "N", "D", "T", "Z");
        assertThat(ShardLimitProxy.write(map)).isEqualTo(body.replace("\\u00e9", "\u00e9"));
    }

    @Test
    void base64LengthIsTheDecodedByteCount() {
        assertThat(ShardLimitProxy.base64DecodedLength("eyJhIjoxfQ==")).isEqualTo(7);
        assertThat(ShardLimitProxy.base64DecodedLength("YWJj")).isEqualTo(3);
        assertThat(ShardLimitProxy.base64DecodedLength("YWI=")).isEqualTo(2);
        assertThat(ShardLimitProxy.base64DecodedLength("")).isZero();
    }
}
