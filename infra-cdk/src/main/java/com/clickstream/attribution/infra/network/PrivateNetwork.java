package com.clickstream.attribution.infra.network;

import com.clickstream.attribution.infra.nag.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A VPC with private (isolated) subnets only: no internet gateway, no NAT. Everything inside (Glue
 * job ENIs, the reconciler task, the secret-rotation function, RDS) reaches AWS through VPC endpoints:
 * S3 as a gateway endpoint (free), the rest as interface endpoints with private DNS, so SDKs use their
 * normal hostnames. Flow logs (all traffic) go to CloudWatch Logs.
 */
public final class PrivateNetwork extends Construct {

    /**
     * Interface endpoints and who needs them. Kinesis: Glue job reads the streams. Glue: the job's
     * runtime calls the Glue API. Secrets Manager: job, reconciler and rotation read the DB secret.
     * Logs / Monitoring: job and reconciler logs and metrics (incl. the correction-rate metric). KMS:
     * the Glue security configuration's client-side key use. STS: web-identity/role sessions of the SDKs.
     * ECR + ECR Docker: Fargate pulls the reconciler image (layers come through the S3 gateway).
     */
    public static final Map<String, IInterfaceVpcEndpointService> INTERFACE_ENDPOINTS = Map.of(
            "KinesisStreams", InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
            "Glue", InterfaceVpcEndpointAwsService.GLUE,
            "SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
            "Monitoring", InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
            "Kms", InterfaceVpcEndpointAwsService.KMS,
            "Sts", InterfaceVpcEndpointAwsService.STS,
            "Ecr", InterfaceVpcEndpointAwsService.ECR,
            "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);

    private final Vpc vpc;

    public PrivateNetwork(Construct scope, String id, int maxAzs) {
        super(scope, id);
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(maxAzs)
                .natGateways(0)
                .createInternetGateway(false)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(20)
                        .build()))
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(privateSubnets()))
                        .build()))
                .build();

        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                .trafficType(FlowLogTrafficType.ALL)
                .build());

        INTERFACE_ENDPOINTS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            InterfaceVpcEndpoint endpoint = vpc.addInterfaceEndpoint(e.getKey(), InterfaceVpcEndpointOptions.builder()
                    .service(e.getValue())
                    .privateDnsEnabled(true)
                    .subnets(privateSubnets())
                    // open = HTTPS from inside the VPC's CIDR only (the default endpoint security group rule)
                    .open(true)
                    .build());
            Nag.suppress(endpoint, "CdkNagValidationFailure",
                    "AwsSolutions-EC23 cannot evaluate the endpoint's only ingress rule because its source is the VPC's "
                            + "CIDR block (a CloudFormation attribute): HTTPS from inside this VPC, never 0.0.0.0/0.");
        });
    }

    public Vpc getVpc() {
        return vpc;
    }

    /** The subnets every workload runs in. */
    public static SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }
}
