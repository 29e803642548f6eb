package com.clickstream.attribution.support.aws;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Whether an endpoint override points at this machine (a local server). Every AWS client of the
 * project uses this to choose dummy credentials and JSON instead of CBOR for local servers, and the
 * default credential chain for anything else.
 */
public final class LoopbackEndpoints {

    private LoopbackEndpoints() {
    }

    /** True for {@code localhost} and literal loopback addresses (127.x.x.x, [::1]); no DNS lookup for names. */
    public static boolean isLoopback(URI endpoint) {
        return endpoint != null && isLoopbackHost(endpoint.getHost());
    }

    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // literal addresses only: a real host name must not trigger a DNS lookup
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")
                    && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
