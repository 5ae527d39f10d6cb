package org.siprec.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

class DatabaseSettingsTest {

    private static DatabaseSettings settings(Map<String, ?> values) throws DatabaseSettings.InvalidSetting {
        return DatabaseSettings.of(Configs.of(DatabaseConfig.class, values), "/opt/karaf/data");
    }

    @Test
    void theDefaultIsAnH2FileUnderKarafDataInPostgresqlMode() throws Exception {
        DatabaseSettings s = settings(Map.of());
        assertEquals("jdbc:h2:file:/opt/karaf/data/db/siprec;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH", s.url());
        assertEquals("org.h2.Driver", s.driverClass());
        assertEquals("siprec", s.user());
        assertEquals(8, s.poolSize());
        assertEquals(2000, s.connectTimeoutMs());
        assertEquals(DatabaseSettings.defaultUrl("data"), DatabaseSettings.defaultUrl(
                Path.of("data").toAbsolutePath().toString()), "a relative karaf.data is made absolute");
    }

    @Test
    void anH2UrlGetsTheSettingsItLacksAndKeepsThoseItHas() throws Exception {
        assertEquals("jdbc:h2:file:/x/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                settings(Map.of("url", "jdbc:h2:file:/x/db")).url());
        assertEquals("jdbc:h2:mem:t;mode=postgresql;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH", settings(Map.of("url", "jdbc:h2:mem:t;mode=postgresql;DB_CLOSE_DELAY=-1")).url());
        DatabaseSettings.InvalidSetting e = assertThrows(DatabaseSettings.InvalidSetting.class,
                () -> settings(Map.of("url", "jdbc:h2:file:/x/db;MODE=MySQL")));
        assertEquals("url", e.key());
        assertTrue(e.getMessage().contains("MODE=PostgreSQL"), e.getMessage());
    }

    @Test
    void aPostgresqlUrlNeedsThePostgresqlDriver() throws Exception {
        DatabaseSettings s = settings(Map.of("url", "jdbc:postgresql://db.example:5432/siprec", "password", "pw"));
        assertEquals("org.postgresql.Driver", s.driverClass());
        assertEquals("jdbc:postgresql://db.example:5432/siprec", s.url());
    }

    @Test
    void unknownSchemesAndOutOfRangeNumbersNameTheirKey() {
        DatabaseSettings.InvalidSetting e = assertThrows(DatabaseSettings.InvalidSetting.class,
                () -> settings(Map.of("url", "jdbc:mysql://h/db?password=topsecret")));
        assertEquals("url", e.key());
        assertTrue(e.getMessage().startsWith("url: unsupported database jdbc:mysql: (supported: jdbc:h2:"),
                e.getMessage());
        e = assertThrows(DatabaseSettings.InvalidSetting.class, () -> settings(Map.of("url", "postgres://h/db")));
        assertEquals("url", e.key());
        e = assertThrows(DatabaseSettings.InvalidSetting.class, () -> settings(Map.of("pool.size", 0)));
        assertEquals("pool.size", e.key());
        e = assertThrows(DatabaseSettings.InvalidSetting.class, () -> settings(Map.of("connect.timeout.ms", 100)));
        assertEquals("connect.timeout.ms", e.key());
    }

    @Test
    void passwordsInUrlsAreNeverShown() throws Exception {
        DatabaseSettings s = settings(Map.of("url", "jdbc:postgresql://h/db?user=u&password=topsecret&ssl=true",
                "password", "other-secret"));
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true", s.safeUrl());
        assertFalse(s.toString().contains("secret"), s.toString());
        assertEquals("jdbc:h2:file:/x;USER=sa;PASSWORD=***;MODE=PostgreSQL",
                DatabaseSettings.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=pw;MODE=PostgreSQL"));
    }
}
