package com.clickstream.attribution.report;

/**
 * Where the reconciler puts its run reports in the raw bucket: one object per run and a stable
 * {@value #LATEST} that always holds the newest. infra-cdk grants the reconciler's writes on {@value #PREFIX}.
 * <pre>
 *   reports/run-000000000042.html
 *   reports/latest.html
 * </pre>
 */
public final class ReportLayout {

    public static final String PREFIX = "reports/";
    public static final String LATEST = PREFIX + "latest.html";
    /** The objects' content type: a browser opening the object from the console renders it. */
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private ReportLayout() {
    }

    /** The report of run {@code runId}, e.g. {@code reports/run-000000000042.html} (sorts by run). */
    public static String runKey(long runId) {
        return String.format("%srun-%012d.html", PREFIX, runId);
    }

    /** The file name of {@link #runKey} (for a local folder). */
    public static String runFileName(long runId) {
        return runKey(runId).substring(PREFIX.length());
    }
}
