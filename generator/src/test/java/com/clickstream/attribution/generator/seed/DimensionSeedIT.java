package com.clickstream.attribution.generator.seed;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickstream.attribution.db.DatabaseMigrator;
import com.clickstream.attribution.generator.model.Catalog;
import com.clickstream.attribution.generator.model.UserBase;
import com.clickstream.attribution.testsupport.postgres.PostgresExtension;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DimensionSeedIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.migratedWith(DatabaseMigrator::migrate);

    final DimensionSeed seed = new DimensionSeed(UserBase.generate(42, 500), Catalog.standard());

    @BeforeEach
    void empty() {
        POSTGRES.truncateAll(DatabaseMigrator.SCHEMA);
    }

    @Test
    void loadingTwiceLeavesOneRowPerUserAndProduct() throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection()) {
            assertThat(seed.load(c)).isEqualTo(500 + Catalog.standard().products().size());
            seed.load(c);
            assertThat(count(c, "ecommerce.users")).isEqualTo(500);
            assertThat(count(c, "ecommerce.products")).isEqualTo(Catalog.standard().products().size());
            assertThat(count(c, "ecommerce.users WHERE segment IN ('new','returning','vip','dormant')")).isEqualTo(500);
        }
    }

    @Test
    void theSqlScriptLoadsTheSameRowsAsJdbc() throws Exception {
        StringWriter sql = new StringWriter();
        seed.writeSql(sql);
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql.toString());
            String scriptFingerprint = fingerprint(c);
            s.execute("TRUNCATE ecommerce.users, ecommerce.products CASCADE");
            seed.load(c);
            assertThat(fingerprint(c)).isEqualTo(scriptFingerprint);
        }
    }

    private static long count(Connection c, String from) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String fingerprint(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT md5(string_agg(user_id || segment || signup_date || lifetime_value, ',' ORDER BY user_id))
                          FROM ecommerce.users)
                    || (SELECT md5(string_agg(product_id || name || category || price, ',' ORDER BY product_id))
                          FROM ecommerce.products)""")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
