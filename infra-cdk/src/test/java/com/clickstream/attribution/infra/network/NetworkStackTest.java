package com.clickstream.attribution.infra.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.infra.Cfn;
import com.clickstream.attribution.infra.InfraTestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class NetworkStackTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        InfraTestApp app = InfraTestApp.get();
        template = app.template(app.stacks().network());
    }

    @Test
    void vpcHasNoInternetGatewayAndNoNat() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::EC2::InternetGateway", 0);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::EIP", 0);
    }

    @Test
    void everySubnetIsPrivateOneInEachOfTwoZones() {
        Map<String, Map<String, Object>> subnets = Cfn.resources(template, "AWS::EC2::Subnet");
        assertThat(subnets).hasSize(2);
        subnets.values().forEach(s -> assertThat(Cfn.properties(s).get("MapPublicIpOnLaunch")).isEqualTo(false));
        // no route to anywhere but the S3 gateway endpoint
        template.resourceCountIs("AWS::EC2::Route", 0);
    }

    @Test
    void s3IsAGatewayEndpointOnThePrivateRouteTables() {
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(".s3")))))),
                "RouteTableIds", Match.anyValue())));
    }

    @Test
    void everyServiceTheWorkloadsCallHasAPrivateDnsInterfaceEndpoint() {
        var endpoints = Cfn.resources(template, "AWS::EC2::VPCEndpoint").values().stream()
                .map(Cfn::properties)
                .filter(p -> "Interface".equals(p.get("VpcEndpointType")))
                .toList();
        assertThat(endpoints).hasSize(PrivateNetwork.INTERFACE_ENDPOINTS.size());
        endpoints.forEach(p -> assertThat(p.get("PrivateDnsEnabled")).isEqualTo(true));
        List<String> services = endpoints.stream().map(p -> String.valueOf(p.get("ServiceName"))).toList();
        for (String required : List.of("kinesis-streams", "glue", "secretsmanager", "logs", "monitoring", "ecr.api", "ecr.dkr")) {
            assertThat(services).as("endpoint for " + required).anyMatch(s -> s.contains("." + required));
        }
    }

    @Test
    void endpointSecurityGroupsAcceptOnlyHttpsFromTheVpc() {
        Cfn.resources(template, "AWS::EC2::SecurityGroup").values().forEach(sg -> {
            for (Object rule : Cfn.list(Cfn.properties(sg).get("SecurityGroupIngress"))) {
                assertThat(Cfn.path(rule, "FromPort")).isEqualTo(443);
                assertThat(Cfn.path(rule, "ToPort")).isEqualTo(443);
                assertThat(String.valueOf(Cfn.path(rule, "CidrIp"))).contains("CidrBlock");
            }
        });
    }

    @Test
    void flowLogsRecordAllTrafficToARetainedLogGroup() {
        template.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of(
                "TrafficType", "ALL", "ResourceType", "VPC", "LogDestinationType", "cloud-watch-logs")));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }
}
