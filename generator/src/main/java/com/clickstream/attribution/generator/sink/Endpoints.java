package com.clickstream.attribution.generator.sink;

import java.net.URI;
import java.util.Map;

/** Where an AWS client should connect, following the AWS SDK's standard environment variables. */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * The explicit value wins; else {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code AWS_ENDPOINT_URL_KINESIS}),
     * then {@code AWS_ENDPOINT_URL}; else null, meaning the service's real AWS endpoint.
     */
    public static URI resolve(URI explicit, String service, Map<String, String> env) {
        if (explicit != null) {
            return explicit;
        }
        URI specific = read(env, "AWS_ENDPOINT_URL_" + service);
        return specific != null ? specific : read(env, "AWS_ENDPOINT_URL");
    }

    private static URI read(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }
}
