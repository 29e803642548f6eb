package com.clickstream.attribution.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.clickstream.attribution.local.report.HtmlReportFile;
import com.clickstream.attribution.local.report.PipelineReport;
import org.junit.jupiter.api.Test;

/** A small demo on real servers (embedded PostgreSQL, s3proxy, kinesalite, Spark and Boot child JVMs). */
class DemoIT {

    @Test
    void smallDemoCompletesAndItsReportAddsUp() throws Exception {
        RuntimeOptions options = RuntimeOptions.fromMap(Map.of(
                "work-dir", Path.of("target", "it-work", "demo").toString(),
                "minutes", "3", "rate", "10", "speedup", "30"), RuntimeOptions.defaults());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LocalPipeline.Result result;
        Path html;
        try (LocalPipeline pipeline = new LocalPipeline(options, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            result = pipeline.demo();
            html = HtmlReportFile.write(pipeline.endpoints(), options.workDir().resolve("report.html"), "DemoIT");
        }
        PipelineReport report = result.report();
        String text = report.render();
        System.out.println(log.toString(StandardCharsets.UTF_8) + text);

        assertThat(report.recordsIn()).isPositive();
        // every record sent is a distinct event, a duplicate copy or a rejection with a reason...
        assertThat(report.recordsAddUp()).as(text).isTrue();
        // ...every rejection is a dead letter with the same reason, and the stream read every record
        assertThat(report.deadLettersByReason()).as(text).isEqualTo(report.rejectedByReasonSent());
        assertThat(report.streamEventsIn()).isEqualTo(report.recordsIn());
        // every distinct checkout is in the table, attributed or unattributed
        assertThat(report.checkoutsAddUp()).as(text).isTrue();
        assertThat(report.attributed()).isPositive();
        assertThat(result.finalRows()).hasSize((int) report.checkoutsSent());
        assertThat(report.agreeing()).isLessThanOrEqualTo(report.checkouts());
        assertThat(report.revenueByModelAndSource()).containsKey("first_click");
        assertThat(text).contains("psql -h 127.0.0.1");
        // the HTML run report of the same run: every chart drawn (RunReportIT checks the numbers on a scenario)
        String page = Files.readString(html);
        for (String chart : List.of("models", "daily-revenue", "time-to-purchase", "touches", "agreement", "dead-letters")) {
            int start = page.indexOf("<section class=\"card\" id=\"" + chart + "\">");
            assertThat(start).as(chart).isNotNegative();
            assertThat(page.substring(start, page.indexOf("</section>", start))).as(chart).contains("<rect class=\"mark\"");
        }
        assertThat(page).contains("written by DemoIT");
    }
}
