package com.clickstream.attribution.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutsCsvTest {

    @Test
    void writesTheDocumentedFormat(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");
        CheckoutsCsv.write(List.of(
                new CheckoutsCsv.Row("ord-1", "clk-9", "google", new BigDecimal("12.5"), true),
                new CheckoutsCsv.Row("ord,2", null, "unattributed", new BigDecimal("7"), false),
                new CheckoutsCsv.Row("ord\"3", "c\nx", "email", new BigDecimal("0.10"), true)), out);
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(
                "checkout_id,attributed_click_id,traffic_source,revenue,attributed\n"
                        + "ord-1,clk-9,google,12.50,true\n"
                        + "\"ord,2\",,unattributed,7.00,false\n"
                        + "\"ord\"\"3\",\"c\nx\",email,0.10,true\n");
    }
}
