package com.clickstream.attribution.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopbackEndpointsTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:4567,true", "http://127.0.0.9:1,true", "http://localhost:4567,true",
            "http://LOCALHOST,true", "http://[::1]:4567,true",
            "https://kinesis.us-east-1.amazonaws.com,false", "http://10.0.0.5:4567,false",
            "http://[fe80::1]:80,false", "http://localhost.example.com,false"})
    void recognisesLoopbackEndpoints(String endpoint, boolean loopback) {
        assertThat(LoopbackEndpoints.isLoopback(URI.create(endpoint))).isEqualTo(loopback);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "::1,true", "0.0.0.0,false", "example.org,false"})
    void recognisesLoopbackHosts(String host, boolean loopback) {
        assertThat(LoopbackEndpoints.isLoopbackHost(host)).isEqualTo(loopback);
    }
}
