package com.clickstream.attribution.infra.network;

import com.clickstream.attribution.infra.config.PipelineSettings;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.constructs.Construct;

/** The VPC, its private subnets and endpoints. */
public final class NetworkStack extends Stack {

    /** What the network stack needs. */
    public record Props(StackProps stack, PipelineSettings settings) {
    }

    private final PrivateNetwork network;

    public NetworkStack(Construct scope, String id, Props props) {
        super(scope, id, props.stack());
        this.network = new PrivateNetwork(this, "Network", props.settings().maxAzs());
    }

    public IVpc getVpc() {
        return network.getVpc();
    }
}
