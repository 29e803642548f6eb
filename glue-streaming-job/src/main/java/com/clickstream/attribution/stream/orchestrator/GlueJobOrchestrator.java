package com.clickstream.attribution.stream.orchestrator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;

/**
 * Lambda handler that starts, stops and reports the streaming Glue job named in the environment
 * variable {@value #JOB_NAME_ENV}. Input: {@code {"action": "start" | "stop" | "status",
 * "arguments": {"--key": "value", ...}}} ({@code arguments} only for start, optional; default action
 * {@code status}). Output: a map with {@code action}, {@code jobName} and what happened.
 *
 * <ul>
 *   <li><b>start</b> is idempotent: if a run is already starting or running it is reported
 *       ({@code started=false}) instead of starting a second consumer of the same streams and
 *       checkpoint.</li>
 *   <li><b>stop</b> stops every active run (Glue sends the job SIGTERM; the job stops its query after
 *       the current micro-batch) and reports the ids; if Glue refuses any run, the invocation fails.</li>
 *   <li><b>status</b> reports the newest run: id, state, start/end, error message.</li>
 * </ul>
 * The Glue client honours an endpoint override ({@value #ENDPOINT_ENV}, else the SDK's
 * {@code AWS_ENDPOINT_URL_GLUE} / {@code AWS_ENDPOINT_URL}) and the region in {@code AWS_REGION}.
 */
public final class GlueJobOrchestrator implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String JOB_NAME_ENV = "GLUE_JOB_NAME";
    public static final String ENDPOINT_ENV = "GLUE_ENDPOINT";

    /** Run states in which a run still consumes the streams. */
    static final Set<JobRunState> ACTIVE = Set.of(JobRunState.STARTING, JobRunState.RUNNING, JobRunState.WAITING,
            JobRunState.STOPPING);

    private final GlueClient glue;
    private final String jobName;

    /** The Lambda runtime's constructor: configuration from the environment. */
    public GlueJobOrchestrator() {
        this(clientFrom(System.getenv()), System.getenv(JOB_NAME_ENV));
    }

    public GlueJobOrchestrator(GlueClient glue, String jobName) {
        this.glue = Objects.requireNonNull(glue, "glue");
        if (jobName == null || jobName.isBlank()) {
            throw new IllegalStateException("environment variable " + JOB_NAME_ENV + " is not set");
        }
        this.jobName = jobName;
    }

    static GlueClient clientFrom(Map<String, String> env) {
        GlueClientBuilder builder = GlueClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String endpoint = env.get(ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /**
     * Every failure fails the invocation: bad input (an unknown action, {@code arguments} that are not
     * an object of strings) throws {@link IllegalArgumentException} before anything changes, a Glue
     * error propagates, and a stop that Glue refused for some run throws {@link IllegalStateException}
     * naming it. A returned map always means success, so the Lambda {@code Errors} metric (alarm
     * {@code OrchestratorErrors}) counts every failure and EventBridge retries it. (The argument values
     * are checked by the job at its start-up; this jar does not carry the job's classes.)
     */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> request = input == null ? Map.of() : input;
        String action = String.valueOf(request.getOrDefault("action", "status")).trim().toLowerCase(Locale.ROOT);
        return switch (action) {
            case "start" -> start(arguments(request.get("arguments")));
            case "stop" -> stop();
            case "status" -> status();
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use start, stop or status");
        };
    }

    private Map<String, Object> start(Map<String, String> arguments) {
        Map<String, Object> out = result("start");
        List<JobRun> active = activeRuns();
        if (!active.isEmpty()) {
            out.put("started", false);
            out.put("jobRunId", active.get(0).id());
            out.put("state", active.get(0).jobRunStateAsString());
            out.put("reason", "a run is already active");
            return out;
        }
        StartJobRunResponse response = glue.startJobRun(b -> {
            b.jobName(jobName);
            if (!arguments.isEmpty()) {
                b.arguments(arguments);
            }
        });
        out.put("started", true);
        out.put("jobRunId", response.jobRunId());
        return out;
    }

    private Map<String, Object> stop() {
        Map<String, Object> out = result("stop");
        List<String> ids = activeRuns().stream().filter(r -> r.jobRunState() != JobRunState.STOPPING)
                .map(JobRun::id).toList();
        if (ids.isEmpty()) {
            out.put("stopped", List.of());
            return out;
        }
        BatchStopJobRunResponse response = glue.batchStopJobRun(b -> b.jobName(jobName).jobRunIds(ids));
        List<String> stopped = response.successfulSubmissions().stream().map(s -> s.jobRunId()).toList();
        List<String> errors = response.errors().stream()
                .map(e -> e.jobRunId() + ": " + e.errorDetail().errorMessage()).toList();
        if (!errors.isEmpty()) {
            // a run that keeps consuming the streams after "stop" is a failure someone must see
            throw new IllegalStateException("Glue refused to stop " + errors.size() + " run(s) of " + jobName + ": "
                    + String.join("; ", errors) + (stopped.isEmpty() ? "" : " (stopping " + stopped + ")"));
        }
        out.put("stopped", stopped);
        return out;
    }

    private Map<String, Object> status() {
        Map<String, Object> out = result("status");
        List<JobRun> runs = runsNewestFirst();
        if (runs.isEmpty()) {
            out.put("state", "NEVER_RUN");
            return out;
        }
        JobRun latest = runs.get(0);
        out.put("jobRunId", latest.id());
        out.put("state", latest.jobRunStateAsString());
        out.put("active", ACTIVE.contains(latest.jobRunState()));
        if (latest.startedOn() != null) {
            out.put("startedOn", latest.startedOn().toString());
        }
        if (latest.completedOn() != null) {
            out.put("completedOn", latest.completedOn().toString());
        }
        if (latest.errorMessage() != null) {
            out.put("errorMessage", latest.errorMessage());
        }
        return out;
    }

    private List<JobRun> activeRuns() {
        return runsNewestFirst().stream().filter(r -> ACTIVE.contains(r.jobRunState())).toList();
    }

    /** The first page of runs (Glue keeps the newest first; sorted again to be sure). */
    private List<JobRun> runsNewestFirst() {
        return glue.getJobRuns(b -> b.jobName(jobName).maxResults(50)).jobRuns().stream()
                .sorted(Comparator.comparing(JobRun::startedOn, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    private Map<String, Object> result(String action) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        out.put("jobName", jobName);
        return out;
    }

    /** Job arguments from the request: keys get the {@code --} prefix Glue expects if they lack it. */
    static Map<String, String> arguments(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (v instanceof Map<?, ?> || v instanceof java.util.Collection<?> || key.isBlank() || key.equals("--")) {
                    throw new IllegalArgumentException("'arguments' must map job keys to strings; '" + key + "' maps to " + v);
                }
                out.put(key.startsWith("--") ? key : "--" + key, String.valueOf(v));
            });
        } else if (value != null) {
            throw new IllegalArgumentException("'arguments' must be an object of strings, e.g. "
                    + "{\"--starting_position\": \"TRIM_HORIZON\"}");
        }
        return out;
    }
}
