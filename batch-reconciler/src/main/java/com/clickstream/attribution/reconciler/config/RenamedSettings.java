package com.clickstream.attribution.reconciler.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start when a setting that Spring Cloud AWS took over is still given under its old name
 * (command line, environment variable or properties file). Silently ignored, an old endpoint would send the
 * client to AWS instead of the local server, and an old metrics namespace would switch the export off while
 * the alarms, which treat missing data as fine, stay green. docs/reconciler.md lists the new names.
 */
public final class RenamedSettings implements EnvironmentPostProcessor {

    /** Old name -> new name. */
    static final Map<String, String> RENAMED = Map.of(
            "reconciler.s3.endpoint", "spring.cloud.aws.s3.endpoint",
            "reconciler.s3.region", "spring.cloud.aws.region.static",
            "reconciler.s3.path-style", "spring.cloud.aws.s3.path-style-access-enabled",
            "reconciler.s3.access-key-id", "spring.cloud.aws.credentials.access-key",
            "reconciler.s3.secret-access-key", "spring.cloud.aws.credentials.secret-key",
            "reconciler.metrics.namespace", "management.cloudwatch.metrics.export.namespace",
            "reconciler.metrics.endpoint", "spring.cloud.aws.cloudwatch.endpoint",
            "reconciler.metrics.region", "spring.cloud.aws.cloudwatch.region");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        List<String> found = RENAMED.keySet().stream().sorted()
                .filter(old -> binder.bind(old, Bindable.of(String.class)).isBound())
                .map(old -> old + " is now " + RENAMED.get(old))
                .toList();
        if (!found.isEmpty()) {
            throw new IllegalStateException("renamed settings (docs/reconciler.md): " + String.join(", ", found));
        }
    }
}
