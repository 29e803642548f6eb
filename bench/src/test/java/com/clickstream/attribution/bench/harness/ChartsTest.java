package com.clickstream.attribution.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void logScaleBarsAndLinesArePngs() throws Exception {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        bars.put("reconciler", Map.of("1M", 20.0));
        bars.put("duckdb", Map.of("1M", 0.4));
        Charts.bars(dir.resolve("bars.png"), "t", "dataset", "seconds", bars, true); // a log axis used to refuse bars

        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        lines.put("sustained", List.of(new double[] {1000, 990}, new double[] {2000, 1500}));
        Charts.lines(dir.resolve("lines.png"), "t", "offered", "sustained", lines, false);

        for (String file : List.of("bars.png", "lines.png")) {
            var image = ImageIO.read(dir.resolve(file).toFile());
            assertThat(image.getWidth()).isEqualTo(900);
            assertThat(Files.size(dir.resolve(file))).isGreaterThan(5_000);
        }
    }
}
