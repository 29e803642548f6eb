package com.clickstream.attribution.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Login users for tests, made the way operations make them (docs/deployment.md, "Database users and roles"):
 * {@code CREATE ROLE <user> LOGIN PASSWORD ...} and {@code GRANT <group role> TO <user>}, by the owner.
 */
final class RoleLogins {

    /** The group roles migration V7 creates. */
    static final String STREAM_WRITER = "clickstream_stream_writer";
    static final String RECONCILER = "clickstream_reconciler";
    static final String ANALYST = "clickstream_analyst";

    private RoleLogins() {
    }

    /** Creates login user {@code user} in {@code role} through {@code owner}; returns a data source that logs in as it. */
    static DataSource create(PostgresExtension postgres, String user, String role) throws SQLException {
        String password = UUID.randomUUID().toString();
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            // DDL takes no bind parameters: the server quotes the names and the literal (format %I / %L).
            st.execute(ddl(c, "CREATE ROLE %I LOGIN PASSWORD %L", user, password));
            st.execute(ddl(c, "GRANT %I TO %I", role, user));
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {postgres.port()});
        ds.setDatabaseName("postgres");
        ds.setUser(user);
        ds.setPassword(password);
        ds.setApplicationName("role-test-" + user);
        return ds;
    }

    /** A statement text with identifiers and literals quoted by the server's {@code format()}. */
    static String ddl(Connection c, String template, Object... args) throws SQLException {
        StringBuilder call = new StringBuilder("SELECT format(?");
        for (int i = 0; i < args.length; i++) {
            call.append(", ?");
        }
        try (PreparedStatement ps = c.prepareStatement(call.append(")").toString())) {
            ps.setString(1, template);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 2, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
