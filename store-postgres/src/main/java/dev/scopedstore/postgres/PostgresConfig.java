package dev.scopedstore.postgres;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.Options;
import dev.scopedstore.spi.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a PostgreSQL store, read from the URL's query and the store's properties
 * (the properties win). Immutable; {@link #toString()} never shows the password.
 *
 * <ul>
 *   <li>{@code table} (default {@code scoped_state}) and {@code schema} (default {@code public}):
 *       identifiers of letters, digits and {@code _}, quoted in every statement;</li>
 *   <li>{@code createSchema} (default {@code true}): create the table and its companions on open;</li>
 *   <li>{@code poolSize} (default 10), {@code connectTimeout} (default 2s), {@code sslmode}
 *       (passed to pgjdbc), {@code applicationName} (default {@code scoped-store}, shown in
 *       {@code pg_stat_activity});</li>
 *   <li>{@code notifications} (default {@code true}): poll the table for other instances'
 *       changes every {@code pollInterval} (default 100ms) while anybody subscribes;</li>
 *   <li>{@code cleanupInterval} (default 1m): how often deleted and expired rows are purged,
 *       in batches of {@code cleanupBatch} (default 1000), by one instance at a time; a deleted
 *       row is kept {@code tombstoneRetention} (default 10m) first, so that every instance's
 *       feed, also one that was cut off for less than that, sees the deletion.</li>
 * </ul>
 *
 * @param jdbcUrl the pgjdbc URL, without user and password
 * @param user the user, or {@code null}
 * @param password the password, or {@code null}
 * @param schema the schema name
 * @param table the table name
 * @param createSchema whether to create the schema on open
 * @param poolSize the most connections
 * @param connectTimeout how long to wait for a connection
 * @param sslmode pgjdbc's {@code sslmode}, or {@code null}
 * @param notifications whether to poll for other instances' changes
 * @param pollInterval how often
 * @param cleanupInterval how often to purge removed rows
 * @param cleanupBatch rows per purge statement
 * @param tombstoneRetention how long a deleted row is kept before it may be purged
 * @param applicationName the connections' name in {@code pg_stat_activity}
 */
public record PostgresConfig(String jdbcUrl, String user, String password, String schema,
                             String table, boolean createSchema, int poolSize,
                             Duration connectTimeout, String sslmode, boolean notifications,
                             Duration pollInterval, Duration cleanupInterval, int cleanupBatch,
                             Duration tombstoneRetention,
                             String applicationName) {
    /** The table when none is named. */
    public static final String DEFAULT_TABLE = "scoped_state";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");

    /** Validates. */
    public PostgresConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        identifier("schema", schema);
        identifier("table", table);
        if (poolSize < 1) {
            throw new StoreConfigurationException("option poolSize=" + poolSize + " must be at least 1");
        }
        if (cleanupBatch < 1) {
            throw new StoreConfigurationException("option cleanupBatch=" + cleanupBatch + " must be at least 1");
        }
    }

    /**
     * Settings for an application's own {@code DataSource}: only the naming, schema, feed and
     * cleanup options apply.
     *
     * @param options settings by name
     * @return the settings
     */
    public static PostgresConfig forDataSource(Map<String, String> options) {
        return from("jdbc:postgresql:", null, null, options);
    }

    /**
     * @param url {@code postgresql://user:pass@host:port/db?...} or {@code jdbc:postgresql://...}
     * @param options the query's options merged with the store's properties
     * @return the settings
     * @throws StoreConfigurationException naming what is wrong, never the password
     */
    public static PostgresConfig parse(String url, Map<String, String> options) {
        String shown = Urls.redact(url);
        String rest;
        if (url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            rest = url.substring("jdbc:".length());
        } else if (url.regionMatches(true, 0, "postgresql:", 0, "postgresql:".length())) {
            rest = url;
        } else {
            throw new StoreConfigurationException("'" + shown + "' is not a PostgreSQL URL; write"
                    + " postgresql://user:password@host:5432/database or jdbc:postgresql://...");
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new StoreConfigurationException("PostgreSQL URL '" + shown + "' is malformed: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new StoreConfigurationException("PostgreSQL URL '" + shown + "' names no host;"
                    + " write postgresql://user:password@host:5432/database");
        }
        String user = options.get("user");
        String password = options.get("password");
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String jdbc = "jdbc:postgresql://" + (uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]" : uri.getHost())
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path;
        return from(jdbc, user, password, options);
    }

    private static PostgresConfig from(String jdbc, String user, String password, Map<String, String> options) {
        return new PostgresConfig(jdbc, user, password,
                options.getOrDefault("schema", "public"),
                options.getOrDefault("table", DEFAULT_TABLE),
                bool(options, "createSchema", true),
                integer(options, "poolSize", 10),
                duration(options, "connectTimeout", Duration.ofSeconds(2)),
                options.get("sslmode"),
                bool(options, "notifications", true),
                duration(options, "pollInterval", Duration.ofMillis(100)),
                duration(options, "cleanupInterval", Duration.ofMinutes(1)),
                integer(options, "cleanupBatch", 1000),
                duration(options, "tombstoneRetention", Duration.ofMinutes(10)),
                options.getOrDefault("applicationName", "scoped-store"));
    }

    /** @return the schema-qualified, quoted table name */
    String qualifiedTable() {
        return quote(schema) + "." + quote(table);
    }

    /**
     * @param suffix e.g. {@code _version}
     * @return the schema-qualified, quoted name of a companion object
     */
    String companion(String suffix) {
        return quote(schema) + "." + quote(table + suffix);
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    private static void identifier(String option, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new StoreConfigurationException("option " + option + "='" + value + "' is not a"
                    + " plain identifier: use letters, digits and _, at most 48 characters,"
                    + " not starting with a digit");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static boolean bool(Map<String, String> options, String name, boolean fallback) {
        return Options.bool(name, options.get(name), fallback);
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        return Options.integer(name, options.get(name), fallback);
    }

    private static Duration duration(Map<String, String> options, String name, Duration fallback) {
        return Options.duration(name, options.get(name), fallback);
    }

    /** @return the settings, with the password left out */
    @Override
    public String toString() {
        return "PostgresConfig{url=" + jdbcUrl + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", table=" + qualifiedTable()
                + ", poolSize=" + poolSize + ", notifications=" + notifications + "}";
    }
}
