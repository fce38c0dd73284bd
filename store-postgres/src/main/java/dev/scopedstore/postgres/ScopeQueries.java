package dev.scopedstore.postgres;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.PageCursor;
import dev.scopedstore.spi.ScopeFilter;
import java.util.List;

/**
 * Builds the statements whose shape depends on the request: listings of states and scopes and
 * the scope drop. Only the table name (validated and quoted) is spliced in; scopes, cursors and
 * times are bind parameters, added to {@code params} in order. A nested scope is one index
 * range in {@code "C"} order, never a {@code LIKE}, so nothing in a scope acts as a wildcard.
 */
final class ScopeQueries {
    private final Sql sql;

    ScopeQueries(Sql sql) {
        this.sql = sql;
    }

    /** @return the listing of states after {@code cursor}, one row more than {@code limit} */
    String states(ScopeFilter filter, String cursor, int limit, long now, List<Object> params) {
        StringBuilder q = new StringBuilder("SELECT ").append(Sql.COLUMNS).append(" FROM ").append(sql.table)
                .append(" WHERE expires_at > ?");
        params.add(now);
        appendFilter(q, params, filter);
        if (cursor != null) {
            StateId last = PageCursor.lastState(cursor);
            q.append(" AND (scope, key) > (?, ?)");
            params.add(last.scope().canonical());
            params.add(last.key());
        }
        q.append(" ORDER BY scope, key LIMIT ?");
        params.add(limit + 1);
        return q.toString();
    }

    /** @return the listing of distinct scopes after {@code cursor}, one row more than {@code limit} */
    String scopes(ScopeFilter filter, String cursor, int limit, long now, List<Object> params) {
        StringBuilder q = new StringBuilder("SELECT DISTINCT scope FROM ").append(sql.table)
                .append(" WHERE expires_at > ?");
        params.add(now);
        appendFilter(q, params, filter);
        if (cursor != null) {
            q.append(" AND scope > ?");
            params.add(PageCursor.lastScope(cursor).canonical());
        }
        q.append(" ORDER BY scope LIMIT ?");
        params.add(limit + 1);
        return q.toString();
    }

    /** @return the statement that turns the live states of a scope into tombstones */
    String dropScope(ScopeFilter filter, long now, List<Object> params) {
        StringBuilder q = new StringBuilder(sql.tombstone).append("expires_at > ?");
        params.add(now);
        appendFilter(q, params, filter);
        q.append(" RETURNING scope, key, version");
        return q.toString();
    }

    private static void appendFilter(StringBuilder q, List<Object> params, ScopeFilter filter) {
        if (filter.scope() == null) {
            return;
        }
        String scope = filter.scope().canonical();
        if (!filter.nested()) {
            q.append(" AND scope = ?");
            params.add(scope);
            return;
        }
        // S itself and every scope starting with "S.": one index range [S, S/) in "C" order
        q.append(" AND scope >= ? AND scope < ? AND (scope = ? OR scope >= ?)");
        params.add(scope);
        params.add(scope + "/");
        params.add(scope);
        params.add(scope + ".");
    }
}
