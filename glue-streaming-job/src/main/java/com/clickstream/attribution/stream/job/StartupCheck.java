package com.clickstream.attribution.stream.job;

import static com.clickstream.attribution.support.cli.ErrorLines.oneLine;

import com.clickstream.attribution.stream.sink.DatabaseSettings;
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
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Before Spark starts (command-line runs): the database and a Kinesis endpoint override must answer,
 * so an unreachable one is one clear line instead of a failed first micro-batch behind Spark's logs.
 * Both are checked at once:
 * <ul>
 *   <li>PostgreSQL: a login as the sink would, each attempt bounded by {@link #CONNECT_TIMEOUT}, retried
 *       while the failure is a connection one (SQLSTATE 08xxx, "starting up") for the sink's own budget
 *       {@code --db_retry_for} (backoff 200 ms doubling to 5 s), so a database that is restarting is
 *       waited for exactly as long as a running job would wait; a login or database error fails at once;</li>
 *   <li>{@code --kinesis_endpoint} (local servers, LocalStack): a TCP connect, {@value #KINESIS_ATTEMPTS}
 *       attempts 1 s apart, each bounded by {@link #CONNECT_TIMEOUT}.</li>
 * </ul>
 */
final class StartupCheck {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int KINESIS_ATTEMPTS = 3;

    private StartupCheck() {
    }

    /** One entry per endpoint that did not answer: {@code --key value (reason)}; empty when all did. */
    static List<String> unreachable(JobArguments args, DatabaseSettings database) {
        List<CompletableFuture<String>> checks = new ArrayList<>();
        String url = database.jdbcUrl().replaceAll("\\?.*", ""); // the query may hold a password
        checks.add(async(() -> {
            String reason = database(database, args.dbRetryFor());
            return reason == null ? null : "PostgreSQL " + url + " (--" + JobArguments.JDBC_URL + "): " + reason;
        }));
        args.kinesisEndpoint().ifPresent(endpoint -> checks.add(async(() -> {
            String reason = kinesis(endpoint);
            return reason == null ? null : "Kinesis " + endpoint + " (--" + JobArguments.KINESIS_ENDPOINT + "): " + reason;
        })));
        return checks.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
    }

    private static String database(DatabaseSettings database, Duration budget) {
        long begin = System.nanoTime();
        long deadline = begin + budget.toNanos();
        long wait = 200;
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection(database.jdbcUrl(), properties(database))) {
                return null;
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                boolean connection = state.startsWith("08") || state.equals("57P03");
                if (!connection || System.nanoTime() + wait * 1_000_000 > deadline) {
                    return oneLine(e.getMessage()) + (connection ? " (" + attempt + " attempts in "
                            + Math.round((System.nanoTime() - begin) / 1e8) / 10.0
                            + " s, --" + JobArguments.DB_RETRY_FOR + " " + budget.toSeconds() + "s)" : "");
                }
            }
            sleep(wait - (System.nanoTime() - start) / 1_000_000);
            wait = Math.min(wait * 2, 5_000);
        }
    }

    private static Properties properties(DatabaseSettings database) {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        if (database.password() != null) {
            props.setProperty("password", database.password());
        }
        props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        props.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        props.setProperty("ApplicationName", "streaming-attribution start-up check");
        return props;
    }

    private static String kinesis(URI endpoint) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        String reason = null;
        for (int attempt = 1; attempt <= KINESIS_ATTEMPTS; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
                return null;
            } catch (IOException e) {
                reason = oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            if (attempt < KINESIS_ATTEMPTS) {
                sleep(1_000);
            }
        }
        return reason + " (" + KINESIS_ATTEMPTS + " attempts)";
    }

    private static CompletableFuture<String> async(java.util.function.Supplier<String> check) {
        return CompletableFuture.supplyAsync(check, runnable -> {
            Thread t = new Thread(runnable, "start-up check");
            t.setDaemon(true);
            t.start();
        });
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
