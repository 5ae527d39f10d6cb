package org.siprec.db.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked database settings of one configuration: the JDBC URL (defaulted, H2 settings completed), the
 * credentials, the pool size and the connect timeout. Invalid settings throw {@link InvalidSetting}, naming the
 * configuration key.
 */
record DatabaseSettings(String url, String user, String password, int poolSize, int connectTimeoutMs) {

    static final String H2_PREFIX = "jdbc:h2:";
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    static final String H2_DRIVER = "org.h2.Driver";
    static final String POSTGRESQL_DRIVER = "org.postgresql.Driver";
    /** The H2 settings that make it accept (and answer) SQL as PostgreSQL does: our scripts' common subset. */
    static final Map<String, String> H2_SETTINGS =
            Map.of("MODE", "PostgreSQL", "DATABASE_TO_LOWER", "TRUE", "DEFAULT_NULL_ORDERING", "HIGH");
    static final int MIN_TIMEOUT_MS = 250; // HikariCP's floor
    static final int MAX_TIMEOUT_MS = 60_000;
    static final int MAX_POOL = 100;

    private static final Pattern SECRET = Pattern.compile("(?i)(password\\s*=)[^;&]*");

    /** A configuration value that cannot be used; {@link #key()} is the configuration key. */
    static final class InvalidSetting extends Exception {
        private static final long serialVersionUID = 1L;
        private final String key;

        InvalidSetting(String key, String message) {
            super(key + ": " + message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** The settings of {@code config}; {@code karafData} is where the default H2 file goes ({@code data/db/}). */
    static DatabaseSettings of(DatabaseConfig config, String karafData) throws InvalidSetting {
        String url = config.url() == null ? "" : config.url().trim();
        if (url.isEmpty()) {
            url = defaultUrl(karafData);
        }
        url = checkedUrl(url);
        if (config.pool_size() < 1 || config.pool_size() > MAX_POOL) {
            throw new InvalidSetting("pool.size", config.pool_size() + " is not between 1 and " + MAX_POOL);
        }
        if (config.connect_timeout_ms() < MIN_TIMEOUT_MS || config.connect_timeout_ms() > MAX_TIMEOUT_MS) {
            throw new InvalidSetting("connect.timeout.ms",
                    config.connect_timeout_ms() + " is not between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS);
        }
        return new DatabaseSettings(url, config.user() == null ? "" : config.user().trim(),
                config.password() == null ? "" : config.password(), config.pool_size(), config.connect_timeout_ms());
    }

    /** The embedded H2 file database {@code <karafData>/db/siprec} (file {@code siprec.mv.db}). */
    static String defaultUrl(String karafData) {
        Path file = Path.of(karafData, "db", "siprec").toAbsolutePath().normalize();
        return withH2Settings(H2_PREFIX + "file:" + file.toString().replace('\\', '/'));
    }

    /** The JDBC driver class the URL needs. */
    String driverClass() {
        return url.startsWith(H2_PREFIX) ? H2_DRIVER : POSTGRESQL_DRIVER;
    }

    /** The URL without any password in it (e.g. PostgreSQL's {@code ?password=} or H2's {@code ;PASSWORD=}). */
    String safeUrl() {
        return redact(url);
    }

    static String redact(String url) {
        return SECRET.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() { // never the password
        return "DatabaseSettings[url=" + safeUrl() + ", user=" + user + ", poolSize=" + poolSize
                + ", connectTimeoutMs=" + connectTimeoutMs + "]";
    }

    private static String checkedUrl(String url) throws InvalidSetting {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(H2_PREFIX)) {
            Matcher mode = Pattern.compile("(?i);\\s*MODE\\s*=\\s*([^;]*)").matcher(url);
            if (mode.find() && !mode.group(1).trim().equalsIgnoreCase("PostgreSQL")) {
                throw new InvalidSetting("url", "H2 must run with MODE=PostgreSQL (the SQL subset of"
                        + " docs/database.md), not MODE=" + mode.group(1).trim() + ": " + redact(url));
            }
            return withH2Settings(H2_PREFIX + url.substring(H2_PREFIX.length()));
        }
        if (lower.startsWith(POSTGRESQL_PREFIX)) {
            return POSTGRESQL_PREFIX + url.substring(POSTGRESQL_PREFIX.length());
        }
        int colon = url.indexOf(':', "jdbc:".length());
        String scheme = lower.startsWith("jdbc:") && colon > 0 ? url.substring(0, colon + 1) : url;
        throw new InvalidSetting("url", "unsupported database " + redact(scheme) + " (supported: " + H2_PREFIX
                + "... and " + POSTGRESQL_PREFIX + "//host:port/database)");
    }

    private static String withH2Settings(String url) {
        StringBuilder b = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT).replace(" ", "");
        for (String key : new String[] {"MODE", "DATABASE_TO_LOWER", "DEFAULT_NULL_ORDERING"}) {
            if (!upper.contains(";" + key + "=")) {
                b.append(';').append(key).append('=').append(H2_SETTINGS.get(key));
            }
        }
        return b.toString();
    }
}
