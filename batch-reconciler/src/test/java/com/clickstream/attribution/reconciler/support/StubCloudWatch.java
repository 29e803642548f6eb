package com.clickstream.attribution.reconciler.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;

/**
 * CloudWatch cannot run here: an in-process stand-in for the client Micrometer's CloudWatch registry
 * publishes through. It records every PutMetricData request, or fails every call when {@code failing}.
 */
public final class StubCloudWatch implements CloudWatchAsyncClient {

    private final List<PutMetricDataRequest> requests = new CopyOnWriteArrayList<>();
    private final boolean failing;

    public StubCloudWatch(boolean failing) {
        this.failing = failing;
    }

    @Override
    public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("CloudWatch unavailable"));
        }
        requests.add(request);
        return CompletableFuture.completedFuture(PutMetricDataResponse.builder().build());
    }

    public List<PutMetricDataRequest> requests() {
        return requests;
    }

    /** The last datum published under each metric name. */
    public Map<String, MetricDatum> lastByName() {
        return requests.stream().flatMap(r -> r.metricData().stream())
                .collect(Collectors.toMap(MetricDatum::metricName, Function.identity(), (earlier, later) -> later));
    }

    @Override
    public String serviceName() {
        return "cloudwatch";
    }

    @Override
    public void close() {
    }
}
