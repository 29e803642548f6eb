package com.clickstream.attribution.reconciler.report;

import com.clickstream.attribution.reconciler.config.ContextKeys;
import com.clickstream.attribution.reconciler.config.ReconciliationParameters;
import com.clickstream.attribution.report.ReportLayout;
import com.clickstream.attribution.report.ReportPeriod;
import com.clickstream.attribution.report.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * After each completed run, writes the run report (module run-report) for the days up to the run's last day:
 * to the raw bucket as {@code reports/run-<id>.html} and {@code reports/latest.html} ({@link ReportLayout}), or
 * into {@code reconciler.report.local-dir}. The report is a reading aid, not part of the run's result: a failure
 * to write it is logged and changes neither the run's status nor the exit code.
 */
public final class RunReportPublisher implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunReportPublisher.class);

    private final DataSource dataSource;
    private final S3Client s3;
    private final String bucket;
    private final RunReportProperties properties;
    private final Clock clock;

    public RunReportPublisher(DataSource dataSource, S3Client s3, String bucket, RunReportProperties properties, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = bucket;
        this.properties = Objects.requireNonNull(properties, "properties");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (!properties.enabled() || execution.getStatus() != BatchStatus.COMPLETED
                || !execution.getExecutionContext().containsKey(ContextKeys.RUN_ID)) {
            return;
        }
        long runId = execution.getExecutionContext().getLong(ContextKeys.RUN_ID);
        try {
            ReconciliationParameters parameters = ReconciliationParameters.fromJobParameters(execution.getJobParameters());
            String html;
            try (Connection c = dataSource.getConnection()) {
                c.setReadOnly(true);
                ReportPeriod period = ReportPeriod.endingOn(c, parameters.lastDay(), properties.days());
                html = RunReport.standard().html(c, period, "reconciler run " + runId, clock.instant());
            }
            String where = publish(runId, html.getBytes(StandardCharsets.UTF_8));
            log.info("run report: {}", where);
        } catch (Exception e) {
            log.warn("run {}: the run report could not be written (the run itself is complete): {}", runId, e.toString());
        }
    }

    /** Writes the run's report and the latest one; returns where, for the log. */
    private String publish(long runId, byte[] html) throws IOException {
        if (properties.localDir() != null) {
            Path dir = Files.createDirectories(properties.localDir().toAbsolutePath());
            Path run = writeFile(dir.resolve(ReportLayout.runFileName(runId)), html);
            Path latest = writeFile(dir.resolve(ReportLayout.LATEST.substring(ReportLayout.PREFIX.length())), html);
            return run + " (latest: " + latest + ")";
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("no raw bucket (reconciler.s3.bucket) and no reconciler.report.local-dir");
        }
        for (String key : new String[] {ReportLayout.runKey(runId), ReportLayout.LATEST}) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(ReportLayout.CONTENT_TYPE), RequestBody.fromBytes(html));
        }
        return "s3://" + bucket + "/" + ReportLayout.runKey(runId) + " (latest: s3://" + bucket + "/" + ReportLayout.LATEST + ")";
    }

    private static Path writeFile(Path target, byte[] html) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, html);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
