package com.clickstream.attribution.local.stack;

import java.net.URI;

/**
 * Where the child JVMs find the services: {@link LocalServers} for a run, or a test that starts (and
 * stops, and restarts) the servers itself.
 */
public interface Endpoints {

    String jdbcUrl();

    String dbUser();

    String dbPassword();

    URI kinesisEndpoint();

    URI s3Endpoint();

    /** Fixed endpoints, e.g. of servers a fault test controls. */
    static Endpoints of(String jdbcUrl, String dbUser, String dbPassword, URI kinesisEndpoint, URI s3Endpoint) {
        return new Fixed(jdbcUrl, dbUser, dbPassword, kinesisEndpoint, s3Endpoint);
    }

    /** The record behind {@link #of}. */
    record Fixed(String jdbcUrl, String dbUser, String dbPassword, URI kinesisEndpoint, URI s3Endpoint)
            implements Endpoints {
    }
}
