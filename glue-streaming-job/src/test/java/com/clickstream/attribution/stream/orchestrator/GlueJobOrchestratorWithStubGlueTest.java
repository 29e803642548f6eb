package com.clickstream.attribution.stream.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunError;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunSuccessfulSubmission;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;

/**
 * The orchestrator against an in-process stub of {@link GlueClient}: Glue cannot run here (no
 * emulator exists), so the stub keeps a list of job runs and records the requests it receives.
 */
class GlueJobOrchestratorWithStubGlueTest {

    private final StubGlue glue = new StubGlue();
    private final GlueJobOrchestrator orchestrator = new GlueJobOrchestrator(glue, "streaming-attribution");

    @Test
    void startStartsARunWithTheGivenArgumentsWhenNoneIsActive() {
        glue.runs.add(run("jr-old", JobRunState.FAILED, Instant.parse("2026-01-01T00:00:00Z")));

        Map<String, Object> out = orchestrator.handleRequest(
                Map.of("action", "start", "arguments", Map.of("allowed_lateness", "10m", "--trigger_interval", "5s")), null);

        assertThat(out).containsEntry("started", true).containsEntry("jobRunId", "jr-1");
        assertThat(glue.started).singleElement().satisfies(r -> {
            assertThat(r.jobName()).isEqualTo("streaming-attribution");
            assertThat(r.arguments()).containsOnly(Map.entry("--allowed_lateness", "10m"), Map.entry("--trigger_interval", "5s"));
        });
    }

    @Test
    void startIsIdempotentWhileARunIsActive() {
        glue.runs.add(run("jr-running", JobRunState.RUNNING, Instant.parse("2026-01-02T00:00:00Z")));

        Map<String, Object> out = orchestrator.handleRequest(Map.of("action", "start"), null);

        assertThat(out).containsEntry("started", false).containsEntry("jobRunId", "jr-running")
                .containsEntry("state", "RUNNING");
        assertThat(glue.started).isEmpty();
    }

    @Test
    void stopStopsEveryActiveRun() {
        glue.runs.add(run("jr-a", JobRunState.RUNNING, Instant.parse("2026-01-02T00:00:00Z")));
        glue.runs.add(run("jr-b", JobRunState.STARTING, Instant.parse("2026-01-03T00:00:00Z")));
        glue.runs.add(run("jr-done", JobRunState.SUCCEEDED, Instant.parse("2026-01-01T00:00:00Z")));

        Map<String, Object> out = orchestrator.handleRequest(Map.of("action", "stop"), null);

        assertThat(glue.stopped).singleElement().satisfies(r -> assertThat(r.jobRunIds()).containsExactlyInAnyOrder("jr-a", "jr-b"));
        assertThat(out.get("stopped")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrder("jr-a", "jr-b");
    }

    @Test
    void aRunGlueRefusesToStopFailsTheInvocation() {
        glue.runs.add(run("jr-a", JobRunState.RUNNING, Instant.parse("2026-01-02T00:00:00Z")));
        glue.runs.add(run("jr-b", JobRunState.STARTING, Instant.parse("2026-01-03T00:00:00Z")));
        glue.failToStop = "jr-a";

        assertThatThrownBy(() -> orchestrator.handleRequest(Map.of("action", "stop"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jr-a: cannot stop").hasMessageContaining("jr-b");
    }

    @Test
    void aGlueErrorFailsTheInvocation() {
        glue.failWith = software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException.builder()
                .message("concurrent runs exceeded").build();

        assertThatThrownBy(() -> orchestrator.handleRequest(Map.of("action", "start"), null))
                .hasMessageContaining("concurrent runs exceeded");
    }

    @Test
    void stopWithNothingActiveCallsNothing() {
        glue.runs.add(run("jr-done", JobRunState.STOPPED, Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(orchestrator.handleRequest(Map.of("action", "stop"), null)).containsEntry("stopped", List.of());
        assertThat(glue.stopped).isEmpty();
    }

    @Test
    void statusReportsTheNewestRun() {
        glue.runs.add(run("jr-old", JobRunState.SUCCEEDED, Instant.parse("2026-01-01T00:00:00Z")));
        JobRun failed = run("jr-new", JobRunState.FAILED, Instant.parse("2026-01-05T00:00:00Z")).toBuilder()
                .errorMessage("boom").completedOn(Instant.parse("2026-01-05T01:00:00Z")).build();
        glue.runs.add(failed);

        Map<String, Object> out = orchestrator.handleRequest(Map.of(), null);

        assertThat(out).containsEntry("action", "status").containsEntry("jobRunId", "jr-new")
                .containsEntry("state", "FAILED").containsEntry("active", false).containsEntry("errorMessage", "boom")
                .containsEntry("startedOn", "2026-01-05T00:00:00Z");
    }

    @Test
    void statusOfAJobThatNeverRan() {
        assertThat(orchestrator.handleRequest(Map.of("action", "status"), null)).containsEntry("state", "NEVER_RUN");
    }

    @Test
    void unknownActionsAndAMissingJobNameAreRejected() {
        assertThatThrownBy(() -> orchestrator.handleRequest(Map.of("action", "restart"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restart");
        assertThatThrownBy(() -> orchestrator.handleRequest(Map.of("action", "start", "arguments", List.of("x")), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'arguments'");
        assertThat(glue.started).isEmpty();
        assertThatThrownBy(() -> new GlueJobOrchestrator(glue, " ")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(GlueJobOrchestrator.JOB_NAME_ENV);
    }

    private static JobRun run(String id, JobRunState state, Instant startedOn) {
        return JobRun.builder().id(id).jobName("streaming-attribution").jobRunState(state).startedOn(startedOn).build();
    }

    /** Glue as a list of runs; records the calls. */
    static final class StubGlue implements GlueClient {
        final List<JobRun> runs = new ArrayList<>();
        final List<StartJobRunRequest> started = new ArrayList<>();
        final List<BatchStopJobRunRequest> stopped = new ArrayList<>();
        String failToStop;
        RuntimeException failWith;

        @Override
        public GetJobRunsResponse getJobRuns(GetJobRunsRequest request) {
            assertThat(request.jobName()).isEqualTo("streaming-attribution");
            return GetJobRunsResponse.builder().jobRuns(runs).build();
        }

        @Override
        public GetJobRunsResponse getJobRuns(Consumer<GetJobRunsRequest.Builder> request) {
            return getJobRuns(GetJobRunsRequest.builder().applyMutation(request).build());
        }

        @Override
        public StartJobRunResponse startJobRun(StartJobRunRequest request) {
            if (failWith != null) {
                throw failWith;
            }
            started.add(request);
            String id = "jr-" + started.size();
            runs.add(run(id, JobRunState.STARTING, Instant.now()));
            return StartJobRunResponse.builder().jobRunId(id).build();
        }

        @Override
        public StartJobRunResponse startJobRun(Consumer<StartJobRunRequest.Builder> request) {
            return startJobRun(StartJobRunRequest.builder().applyMutation(request).build());
        }

        @Override
        public BatchStopJobRunResponse batchStopJobRun(BatchStopJobRunRequest request) {
            stopped.add(request);
            BatchStopJobRunResponse.Builder response = BatchStopJobRunResponse.builder();
            List<BatchStopJobRunSuccessfulSubmission> ok = new ArrayList<>();
            List<BatchStopJobRunError> errors = new ArrayList<>();
            for (String id : request.jobRunIds()) {
                if (id.equals(failToStop)) {
                    errors.add(BatchStopJobRunError.builder().jobRunId(id)
                            .errorDetail(ErrorDetail.builder().errorMessage("cannot stop").build()).build());
                } else {
                    ok.add(BatchStopJobRunSuccessfulSubmission.builder().jobRunId(id).build());
                }
            }
            return response.successfulSubmissions(ok).errors(errors).build();
        }

        @Override
        public BatchStopJobRunResponse batchStopJobRun(Consumer<BatchStopJobRunRequest.Builder> request) {
            return batchStopJobRun(BatchStopJobRunRequest.builder().applyMutation(request).build());
        }

        @Override
        public String serviceName() {
            return "glue";
        }

        @Override
        public void close() {
        }
    }
}
