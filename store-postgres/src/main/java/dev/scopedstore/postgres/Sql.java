package dev.scopedstore.postgres;

/**
 * The statements of one table, built once at open. Only validated, quoted identifiers are
 * spliced in; every value is a bind parameter.
 */
final class Sql {
    static final String COLUMNS = "scope, key, value::text, version, labels, ttl_millis, expires_at";
    private static final String TOUCHED = "tx = pg_current_xact_id(), updated_at = clock_timestamp()";

    final String get;
    final String getAll;
    final String create;
    final String put;
    final String putAll;
    final String putIfVersion;
    final String apply;
    final String delete;
    final String touch;
    final String touchScope;
    final String purgeLabels;
    final String tombstone;
    final String schemaVersion;
    final String table;
    final String changes;
    final String cleanupProbe;
    final String cleanupLock;
    final String cleanupSelect;
    final String cleanupRaise;
    final String cleanupDelete;
    final String cleanupOps;
    final String lockKey;

    Sql(PostgresConfig config) {
        String t = config.qualifiedTable();
        String seq = "nextval('" + config.companion("_version") + "')";
        String ops = config.companion("_ops");
        String fn = PostgresConfig.quote(config.schema()) + ".scoped_store_apply";
        table = t;
        lockKey = "scoped-store:" + config.schema() + "." + config.table();
        get = "SELECT " + COLUMNS + " FROM " + t + " WHERE scope = ? AND key = ? AND expires_at > ?";
        getAll = "SELECT " + COLUMNS + " FROM " + t + " WHERE (scope, key) IN (SELECT u.s, u.k FROM"
                + " unnest(?::text[], ?::text[]) AS u(s, k)) AND expires_at > ?";
        String insert = "INSERT INTO " + t + " AS t (scope, key, value, version, labels, ttl_millis, expires_at) ";
        create = insert + "VALUES (?, ?, ?::jsonb, " + seq + ", ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE"
                + " SET value = EXCLUDED.value, version = t.version + 1, labels = EXCLUDED.labels,"
                + " ttl_millis = EXCLUDED.ttl_millis, expires_at = EXCLUDED.expires_at, " + TOUCHED
                + " WHERE t.expires_at <= ? RETURNING " + COLUMNS;
        String upsert = " ON CONFLICT (scope, key) DO UPDATE SET value = EXCLUDED.value,"
                + " version = t.version + 1,"
                + " labels = CASE WHEN t.expires_at > ? THEN t.labels ELSE EXCLUDED.labels END,"
                + " ttl_millis = EXCLUDED.ttl_millis, expires_at = EXCLUDED.expires_at, " + TOUCHED
                + " RETURNING scope, key, version, labels";
        put = insert + "VALUES (?, ?, ?::jsonb, " + seq + ", ?, ?, ?)" + upsert;
        putAll = insert + "SELECT u.s, u.k, u.v::jsonb, " + seq + ", ARRAY(SELECT jsonb_array_elements_text(u.l::jsonb)),"
                + " u.ttl, u.exp FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])"
                + " AS u(s, k, v, l, ttl, exp)" + upsert;
        putIfVersion = "UPDATE " + t + " SET value = ?::jsonb, version = version + 1, ttl_millis = ?,"
                + " expires_at = ?, " + TOUCHED + " WHERE scope = ? AND key = ? AND version = ?"
                + " AND expires_at > ? RETURNING version, labels";
        // params: op, now | scope, key | scope, key, now, initial, kind, initial, operand | labels, ttl, exp
        //         | kind, now, initial, operand, now
        apply = "WITH op AS (INSERT INTO " + ops + " (op_id, applied_at) VALUES (?, ?) ON CONFLICT DO NOTHING"
                + " RETURNING op_id) "
                + insert + "SELECT ?, ?, CASE WHEN EXISTS (SELECT 1 FROM " + t + " WHERE scope = ? AND key = ?"
                + " AND expires_at > ?) THEN ?::jsonb ELSE " + fn + "(?, ?::jsonb, ?::jsonb) END, " + seq
                + ", ?, ?, ? FROM op ON CONFLICT (scope, key) DO UPDATE SET value = " + fn
                + "(?, CASE WHEN t.expires_at > ? THEN t.value ELSE ?::jsonb END, ?::jsonb),"
                + " version = t.version + 1,"
                + " labels = CASE WHEN t.expires_at > ? THEN t.labels ELSE EXCLUDED.labels END,"
                + " ttl_millis = EXCLUDED.ttl_millis, expires_at = EXCLUDED.expires_at, " + TOUCHED
                + " RETURNING " + COLUMNS;
        tombstone = "UPDATE " + t + " SET value = 'null', version = version + 1, labels = '{}',"
                + " ttl_millis = 0, expires_at = 0, " + TOUCHED + " WHERE ";
        delete = tombstone + "scope = ? AND key = ? AND expires_at > ? RETURNING version";
        purgeLabels = tombstone + "labels && ?::text[] AND expires_at > ? RETURNING scope, key, version";
        touch = "WITH u AS (UPDATE " + t + " SET expires_at = ? + ttl_millis WHERE scope = ? AND key = ?"
                + " AND expires_at > ? AND ttl_millis > 0 RETURNING 1)"
                + " SELECT EXISTS (SELECT 1 FROM " + t + " WHERE scope = ? AND key = ? AND expires_at > ?)";
        touchScope = "WITH u AS (UPDATE " + t + " SET expires_at = ? + ttl_millis WHERE scope = ?"
                + " AND expires_at > ? AND ttl_millis > 0 RETURNING 1)"
                + " SELECT count(*) FROM " + t + " WHERE scope = ? AND expires_at > ?";
        schemaVersion = "SELECT version, to_regclass(?) IS NOT NULL FROM " + PostgresConfig.quote(config.schema())
                + ".scoped_store_schema WHERE table_name = ?";
        changes = "SELECT scope, key, value::text, version, expires_at FROM " + t
                + " WHERE tx >= ?::xid8 AND NOT pg_visible_in_snapshot(tx, ?::pg_snapshot)";
        // expired rows, and deleted ones (expires_at = 0) older than the tombstone retention (ms)
        String purgeable = "expires_at <= ? AND (expires_at <> 0"
                + " OR updated_at < clock_timestamp() - ? * interval '1 millisecond')";
        cleanupProbe = "SELECT EXISTS (SELECT 1 FROM " + t + " WHERE " + purgeable + ")";
        // conflicts with every writer's ROW EXCLUSIVE lock, not with readers: see Cleanup
        cleanupLock = "LOCK TABLE " + t + " IN SHARE ROW EXCLUSIVE MODE";
        cleanupSelect = "SELECT scope, key, version FROM " + t + " WHERE " + purgeable
                + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED";
        cleanupRaise = "SELECT setval('" + config.companion("_version") + "', greatest(?, (SELECT last_value FROM "
                + config.companion("_version") + ")))";
        cleanupDelete = "DELETE FROM " + t + " WHERE (scope, key) IN (SELECT u.s, u.k FROM"
                + " unnest(?::text[], ?::text[]) AS u(s, k)) AND expires_at <= ?";
        cleanupOps = "DELETE FROM " + ops + " WHERE op_id IN (SELECT op_id FROM " + ops
                + " WHERE applied_at < ? LIMIT ?)";
    }
}
