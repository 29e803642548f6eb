package com.clickstream.attribution.infra;

import static com.clickstream.attribution.support.cli.ErrorLines.describe;
import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import com.clickstream.attribution.infra.config.PipelineSettings;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;

/**
 * Entry point of the CDK app ({@code cdk.json} -> scripts/cdk-app.sh). Reads the settings from the CDK
 * context ({@link PipelineSettings} lists the keys and defaults), targets the CLI's account/region when
 * it provides one, and wires the stacks ({@link PipelineStacks}).
 *
 * <p>Errors are one line on stderr, which the CDK CLI shows, never a stack trace: exit 2 for a bad or
 * unknown setting ({@code -c key=value} or cdk.json), exit 1 when the app cannot be synthesized (e.g.
 * a Lambda jar that has not been built).
 */
public final class InfraApp {

    public static final int FAILED = 1;
    public static final int BAD_SETTINGS = 2;

    private InfraApp() {
    }

    public static void main(String[] args) {
        int exitCode = run(App::new, System.getenv(), System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** Builds and synthesizes the app {@code newApp} gives; returns the exit code. */
    static int run(Supplier<App> newApp, Map<String, String> env, PrintStream err) {
        App app = newApp.get();
        PipelineSettings settings;
        try {
            if (app.getNode().getAllContext() instanceof Map<?, ?> context) {
                PipelineSettings.refuseUnknownKeys(context.keySet().stream().map(String::valueOf).toList());
            }
            settings = PipelineSettings.fromContext(app.getNode()::tryGetContext);
        } catch (IllegalArgumentException e) {
            err.println("infra-cdk: bad setting: " + oneLine(e.getMessage())
                    + " (settings: docs/deployment.md \"Settings\", given as -c key=value or in cdk.json)");
            return BAD_SETTINGS;
        }
        String account = env.get("CDK_DEFAULT_ACCOUNT");
        String region = env.get("CDK_DEFAULT_REGION");
        Environment target = account != null && region != null
                ? Environment.builder().account(account).region(region).build()
                : null;
        try {
            PipelineStacks.addTo(app, settings, target);
            app.synth();
            return 0;
        } catch (RuntimeException e) {
            err.println("infra-cdk: failed: " + describe(e));
            return FAILED;
        }
    }


}
