package com.clickstream.attribution.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Before anything is started: every service given on the command line ({@code --jdbc-url},
 * {@code --kinesis-endpoint}, {@code --s3-endpoint}) must answer, so an unreachable one is one clear
 * line at once instead of a failure halfway through starting the stack. Each gets {@value #ATTEMPTS}
 * attempts, {@link #PAUSE} apart, each bounded by {@link #CONNECT_TIMEOUT}; all endpoints at once: a
 * refused port fails in about 2 s, a silent one in at most about 17 s. Kinesis and S3 get a TCP connect (their API is checked
 * when the stack creates streams and bucket); PostgreSQL a real login with {@code PGUSER} / {@code PGPASSWORD}.
 */
final class EndpointCheck {

    static final int ATTEMPTS = 3;
    static final Duration PAUSE = Duration.ofSeconds(1);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private EndpointCheck() {
    }

    /**
     * One entry per given endpoint that did not answer: {@code --option value (reason)}; empty when all
     * did. The endpoints are checked in parallel, so the wait is that of the slowest.
     */
    static List<String> unreachable(RuntimeOptions options, Map<String, String> env) {
        List<CompletableFuture<String>> checks = new ArrayList<>();
        if (options.jdbcUrl() != null) {
            String shown = options.jdbcUrl().replaceAll("\\?.*", ""); // the query may hold a password
            checks.add(check("--jdbc-url", shown, () -> login(options.jdbcUrl(), env)));
        }
        if (options.kinesisEndpoint() != null) {
            checks.add(check("--kinesis-endpoint", options.kinesisEndpoint().toString(), () -> connect(options.kinesisEndpoint())));
        }
        if (options.s3Endpoint() != null) {
            checks.add(check("--s3-endpoint", options.s3Endpoint().toString(), () -> connect(options.s3Endpoint())));
        }
        return checks.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
    }

    private static CompletableFuture<String> check(String option, String shown, Probe probe) {
        return CompletableFuture.supplyAsync(() -> {
            String reason = retried(probe);
            return reason == null ? null : option + " " + shown + " (" + reason + ")";
        }, runnable -> {
            Thread t = new Thread(runnable, "check " + option);
            t.setDaemon(true);
            t.start();
        });
    }

    /** Null when an attempt succeeded, else the last attempt's reason. */
    private static String retried(Probe probe) {
        String reason = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                probe.run();
                return null;
            } catch (Exception e) {
                reason = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).replaceAll("\\s+", " ").trim();
                if (e instanceof SQLException sql && (sql.getSQLState() == null || !sql.getSQLState().startsWith("08"))) {
                    return reason; // it answered: a login or database problem, retrying will not help
                }
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
        }
        return reason + ", " + ATTEMPTS + " attempts";
    }

    private static void login(String jdbcUrl, Map<String, String> env) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", env.getOrDefault("PGUSER", "postgres"));
        props.setProperty("password", env.getOrDefault("PGPASSWORD", ""));
        props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        props.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            c.isValid((int) CONNECT_TIMEOUT.toSeconds());
        }
    }

    private static void connect(URI endpoint) throws IOException {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
        }
    }

    @FunctionalInterface
    private interface Probe {
        void run() throws Exception;
    }
}
