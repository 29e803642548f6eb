package com.clickstream.attribution.report;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL for every test class of this JVM, migrated and loaded with {@link ReportScenario}
 * once; JUnit closes it after the last test (a closeable resource of the root store).
 *
 * <pre>{@code @ExtendWith(ReportDatabase.class)} ... ReportDatabase.dataSource()</pre>
 */
public final class ReportDatabase implements BeforeAllCallback {

    private static volatile Shared shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
    }

    static DataSource dataSource() {
        if (shared == null) {
            throw new IllegalStateException("register ReportDatabase with @ExtendWith first");
        }
        return shared.server.dataSource();
    }

    private record Shared(PostgresExtension server) implements ExtensionContext.Store.CloseableResource {

        static Shared start() {
            try {
                PostgresExtension server = PostgresExtension.migratedWith(DatabaseMigrator::migrate).start();
                try (Connection c = server.dataSource().getConnection()) {
                    ReportScenario.load(c);
                }
                return new Shared(server);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("loading the report scenario", e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
