package com.clickstream.attribution.infra.processing;

import com.clickstream.attribution.infra.nag.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A Java 17 Lambda function with its own log group (one month) and its own role that may write only
 * to that log group: no AWS managed policy, so the role holds exactly what the function needs.
 */
public final class JavaFunction extends Construct {

    /** The handlers are compiled for Java 17 (the project's release; Glue 5.0 is Java 17 too). */
    public static final Runtime RUNTIME = Runtime.JAVA_17;

    private final Function function;
    private final Role role;

    public JavaFunction(Construct scope, String id, String functionName, String description, String handler, Code code,
                        int memoryMiB, Duration timeout, Map<String, String> environment) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Lambda " + functionName)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        this.function = Function.Builder.create(this, "Function")
                .functionName(functionName)
                .description(description)
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(code)
                .memorySize(memoryMiB)
                .timeout(timeout)
                .environment(environment)
                .role(role)
                .logGroup(logs)
                .build();
        Nag.suppress(function, "AwsSolutions-L1",
                "Pinned to Java 17 on purpose: the handler jars are compiled with release 17 like the rest of the build "
                        + "(and Glue 5.0); a newer runtime would run bytecode that was never tested on it.");
        Nag.suppressFindings(role, "AwsSolutions-IAM5",
                "Log streams are created at run time inside the function's own log group: the stream ARN is only known "
                        + "as <log group ARN>:*, which is what the LogGroup construct's ARN ends with.",
                "regex:/^Resource::<.*Logs.*\\.Arn>$/g", "regex:/^Resource::<.*Logs.*\\.Arn>:\\*$/g");
    }

    public Function getFunction() {
        return function;
    }

    public Role getRole() {
        return role;
    }
}
