package com.clickstream.attribution.stream.sink;

import com.clickstream.attribution.stream.job.JobArguments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the sink connects and as whom. The password never travels in arguments:
 * <ul>
 *   <li>{@code --db_secret_id} (AWS): a Secrets Manager secret in the RDS format
 *       ({@code username}, {@code password}, optionally {@code host}, {@code port}, {@code dbname},
 *       from which the JDBC URL is built when {@code --jdbc_url} is not given);</li>
 *   <li>{@code --db_password_env} (local): the name of an environment variable holding it;</li>
 *   <li>neither: no password (a trust-authenticated local server).</li>
 * </ul>
 *
 * <p>{@code retryFor} ({@code --db_retry_for}, default {@link DbRetryPolicy#DEFAULT_BUDGET}) is how
 * long a batch keeps retrying while the database is unreachable ({@link DbRetryPolicy}); {@code socketTimeout}
 * ({@code --db_socket_timeout}, default {@link JobArguments#DEFAULT_DB_SOCKET_TIMEOUT}, zero = none) how long
 * a login or statement may wait for an answer before the connection counts as broken (and is retried).
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, Duration retryFor,
        Duration socketTimeout) implements Serializable {

    /** Reads a secret's string value by id. */
    @FunctionalInterface
    public interface SecretReader {
        String secretString(String secretId);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(retryFor, "retryFor");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must not be negative: " + retryFor);
        }
        if (socketTimeout.isNegative()) {
            throw new IllegalArgumentException("socketTimeout must not be negative: " + socketTimeout);
        }
    }

    /** With the default socket timeout. */
    public DatabaseSettings(String jdbcUrl, String user, String password, Duration retryFor) {
        this(jdbcUrl, user, password, retryFor, JobArguments.DEFAULT_DB_SOCKET_TIMEOUT);
    }

    /** With the default retry budget. */
    public DatabaseSettings(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DbRetryPolicy.DEFAULT_BUDGET);
    }

    public static DatabaseSettings resolve(JobArguments args, Function<String, String> env, SecretReader secrets) {
        Optional<String> secretId = args.dbSecretId();
        if (secretId.isPresent()) {
            JsonNode secret;
            try {
                secret = JSON.readTree(secrets.secretString(secretId.get()));
            } catch (IOException e) {
                throw new UncheckedIOException("secret " + secretId.get() + " is not JSON", e);
            }
            String url = args.jdbcUrl().orElseGet(() -> urlFrom(secret, secretId.get()));
            String user = args.dbUser().orElseGet(() -> text(secret, "username", secretId.get()));
            return new DatabaseSettings(url, user, text(secret, "password", secretId.get()), args.dbRetryFor(),
                    args.dbSocketTimeout());
        }
        String url = args.jdbcUrl().orElseThrow(() -> new IllegalArgumentException(
                "--" + JobArguments.JDBC_URL + " is required (or --" + JobArguments.DB_SECRET_ID + " with a host)"));
        String password = args.dbPasswordEnv().map(name -> Optional.ofNullable(env.apply(name))
                .orElseThrow(() -> new IllegalArgumentException("environment variable " + name
                        + " (--" + JobArguments.DB_PASSWORD_ENV + ") is not set"))).orElse(null);
        return new DatabaseSettings(url, args.dbUser().orElse("postgres"), password, args.dbRetryFor(),
                args.dbSocketTimeout());
    }

    private static String urlFrom(JsonNode secret, String secretId) {
        String host = text(secret, "host", secretId);
        String port = secret.hasNonNull("port") ? secret.get("port").asText() : "5432";
        String db = secret.hasNonNull("dbname") ? secret.get("dbname").asText() : "postgres";
        return "jdbc:postgresql://" + host + ":" + port + "/" + db + "?sslmode=require";
    }

    private static String text(JsonNode secret, String field, String secretId) {
        JsonNode node = secret.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("secret " + secretId + " has no '" + field + "'");
        }
        return node.asText();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", retryFor=" + retryFor + ", socketTimeout=" + socketTimeout + "]";
    }
}
