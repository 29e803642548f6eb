package com.clickstream.attribution.infra;

import com.clickstream.attribution.infra.config.PipelineSettings;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;

/**
 * Entry point of the CDK app ({@code cdk.json} -> scripts/cdk-app.sh). Reads the settings from the CDK
 * context ({@link PipelineSettings} lists the keys and defaults), targets the CLI's account/region when
 * it provides one, and wires the stacks ({@link PipelineStacks}).
 */
public final class InfraApp {

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        PipelineSettings settings = PipelineSettings.fromContext(app.getNode()::tryGetContext);
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        Environment env = account != null && region != null
                ? Environment.builder().account(account).region(region).build()
                : null;
        PipelineStacks.addTo(app, settings, env);
        app.synth();
    }
}
