package com.clickstream.attribution.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickstream.attribution.stream.job.JobArguments;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static final DatabaseSettings.SecretReader NO_SECRETS = id -> {
        throw new AssertionError("no secret expected");
    };

    @Test
    void passwordFromTheNamedEnvironmentVariable() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/postgres",
                JobArguments.DB_USER, "stream", JobArguments.DB_PASSWORD_ENV, "STREAM_DB_PASSWORD"));
        DatabaseSettings db = DatabaseSettings.resolve(args, Map.of("STREAM_DB_PASSWORD", "s3cret")::get, NO_SECRETS);
        assertThat(db).isEqualTo(new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/postgres", "stream", "s3cret"));
        assertThat(db.toString()).doesNotContain("s3cret");
    }

    @Test
    void theRetryBudgetComesFromTheArguments() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/postgres",
                JobArguments.DB_RETRY_FOR, "45s"));
        assertThat(DatabaseSettings.resolve(args, Map.<String, String>of()::get, NO_SECRETS).retryFor())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(new DatabaseSettings("jdbc:x", "u", null).retryFor()).isEqualTo(DbRetryPolicy.DEFAULT_BUDGET);
    }

    @Test
    void theSocketTimeoutComesFromTheArguments() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/postgres",
                JobArguments.DB_SOCKET_TIMEOUT, "7s"));
        assertThat(DatabaseSettings.resolve(args, Map.<String, String>of()::get, NO_SECRETS).socketTimeout())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(new DatabaseSettings("jdbc:x", "u", null).socketTimeout())
                .isEqualTo(JobArguments.DEFAULT_DB_SOCKET_TIMEOUT);
    }

    @Test
    void aMissingVariableOrUrlFailsAtStartUp() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.JDBC_URL, "jdbc:x", JobArguments.DB_PASSWORD_ENV, "NOPE"));
        assertThatThrownBy(() -> DatabaseSettings.resolve(args, Map.<String, String>of()::get, NO_SECRETS))
                .hasMessageContaining("NOPE");
        assertThatThrownBy(() -> DatabaseSettings.resolve(JobArguments.of(Map.of()), Map.<String, String>of()::get, NO_SECRETS))
                .hasMessageContaining("--jdbc_url");
    }

    @Test
    void secretsManagerSecretInTheRdsFormatGivesUserPasswordAndUrl() {
        JobArguments args = JobArguments.of(Map.of(JobArguments.DB_SECRET_ID, "prod/attribution-db"));
        DatabaseSettings db = DatabaseSettings.resolve(args, Map.<String, String>of()::get, id -> {
            assertThat(id).isEqualTo("prod/attribution-db");
            return "{\"username\":\"app\",\"password\":\"pw\",\"host\":\"db.internal\",\"port\":5432,\"dbname\":\"attribution\"}";
        });
        assertThat(db).isEqualTo(new DatabaseSettings(
                "jdbc:postgresql://db.internal:5432/attribution?sslmode=require", "app", "pw"));
    }
}
