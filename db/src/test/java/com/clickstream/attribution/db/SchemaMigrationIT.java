package com.clickstream.attribution.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.clickstream.attribution.db.SqlRows.Row;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaMigrationIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.unmigrated();

    private static final List<String> TABLES = List.of(
            "users", "products",
            "attributed_checkouts", "checkout_items",
            "reconciliation_runs", "attribution_corrections",
            "rollup_hourly_source_device", "rollup_daily_category", "rollup_daily_product", "rollup_daily_segment",
            "rollup_daily_model_source", "rollup_daily_clicks", "rollup_daily_product_clicks",
            "rollup_daily_conversion_paths",
            "rollup_daily_touches", "rollup_daily_time_to_purchase",
            "stream_metrics", "stream_progress", "dead_letters");

    @Test
    void migratesAnEmptyDatabaseOnceAndThenAppliesNothing() throws Exception {
        MigrateResult first = DatabaseMigrator.migrate(POSTGRES.dataSource());
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isEqualTo(migrationFiles());
        assertThat(first.schemaName).isEqualTo(DatabaseMigrator.SCHEMA);

        MigrateResult again = DatabaseMigrator.migrate(POSTGRES.dataSource());
        assertThat(again.migrationsExecuted).isZero();
        MigrateResult byUrl = DatabaseMigrator.migrate(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
        assertThat(byUrl.migrationsExecuted).isZero();
        assertThat(DatabaseMigrator.flyway(POSTGRES.dataSource()).validateWithResult().validationSuccessful).isTrue();

        // Everything the pipeline and the sample queries use exists, with a comment saying who writes it.
        List<Row> tables = SqlRows.query(POSTGRES.dataSource(),
                "SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment "
                        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname <> 'flyway_schema_history'",
                DatabaseMigrator.SCHEMA);
        assertThat(tables).extracting(r -> r.text("name")).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(tables).allSatisfy(r -> assertThat(r.values().get("comment")).as(r.text("name")).isNotNull());
        assertThat(SqlRows.query(POSTGRES.dataSource(), "SELECT to_regclass('ecommerce.dead_letter_counts')::text AS v"))
                .extracting(r -> r.values().get("v")).containsExactly("ecommerce.dead_letter_counts");
        assertThat(SqlRows.query(POSTGRES.dataSource(), "SELECT to_regclass('ecommerce.flyway_schema_history')::text AS v"))
                .extracting(r -> r.values().get("v")).containsExactly("ecommerce.flyway_schema_history");
    }

    /** Counted from the source tree so that a new migration does not need a test change. */
    private static long migrationFiles() throws IOException {
        Path dir = Path.of("src", "main", "resources", "db", "migration");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }
    }
}
