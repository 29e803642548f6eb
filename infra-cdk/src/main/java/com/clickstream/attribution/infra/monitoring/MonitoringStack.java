package com.clickstream.attribution.infra.monitoring;

import com.clickstream.attribution.infra.config.PipelineSettings;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alerts topic (KMS-encrypted, TLS-only), the alarms and the dashboard. The topic has its own key so
 * that CloudWatch alarms and EventBridge may use it without touching the data key.
 */
public final class MonitoringStack extends Stack {

    /** What is watched and how the settings name things. */
    public record Props(StackProps stack, PipelineSettings settings, PipelineAlarms.Watched watched) {
    }

    private final Topic alerts;
    private final PipelineAlarms alarms;

    public MonitoringStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        PipelineSettings settings = props.settings();
        Key key = Key.Builder.create(this, "AlertsKey")
                .description("Clickstream pipeline alerts topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Alarms and EventBridge rules publish to the encrypted topic: they need the key.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AlarmsAndRulesPublishToTheAlertsTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com"), new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*")) // in a key policy "*" means this key
                .conditions(java.util.Map.of("StringEquals", java.util.Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        this.alerts = Topic.Builder.create(this, "Alerts")
                .topicName(settings.name("alerts"))
                .displayName("Clickstream pipeline alerts")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        settings.alarmEmail().ifPresent(email -> alerts.addSubscription(new EmailSubscription(email)));

        this.alarms = new PipelineAlarms(this, "Alarms", settings, props.watched(), alerts);
        new PipelineDashboard(this, "Dashboard", settings, props.watched(), alarms.getAlarms());
    }

    public Topic getAlertsTopic() {
        return alerts;
    }

    public PipelineAlarms getAlarms() {
        return alarms;
    }
}
