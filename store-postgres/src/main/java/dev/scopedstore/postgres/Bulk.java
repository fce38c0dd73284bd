package dev.scopedstore.postgres;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk reads and writes in one statement each, the ids sent as {@code unnest}ed arrays. Rows
 * that come back are matched to the requested ids by their scope and key text, never by
 * parsing ids again.
 */
final class Bulk {
    private final SqlRunner runner;
    private final Sql sql;
    private final Rows rows;
    private final Clock clock;

    Bulk(SqlRunner runner, Sql sql, Rows rows, Clock clock) {
        this.runner = runner;
        this.sql = sql;
        this.rows = rows;
        this.clock = clock;
    }

    /** @return the live states among {@code ids}, in the order asked */
    Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        Positions positions = new Positions();
        List<StateId> list = new ArrayList<>(ids);
        String[] scopes = new String[list.size()];
        String[] keys = new String[list.size()];
        for (int i = 0; i < scopes.length; i++) {
            scopes[i] = list.get(i).scope().canonical();
            keys[i] = list.get(i).key();
            positions.add(scopes[i], keys[i], i);
        }
        StoredState[] found = new StoredState[scopes.length];
        runner.run(true, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.getAll)) {
                ps.setArray(1, c.createArrayOf("text", scopes));
                ps.setArray(2, c.createArrayOf("text", keys));
                ps.setLong(3, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int at = positions.of(rs.getString(1), rs.getString(2));
                        found[at] = rows.read(rs, list.get(at));
                    }
                }
                return null;
            }
        });
        Map<StateId, StoredState> ordered = new LinkedHashMap<>();
        for (StoredState s : found) {
            if (s != null) {
                ordered.put(s.id(), s);
            }
        }
        return ordered;
    }

    /**
     * Writes every state in one upsert; rows are locked in (scope, key) order, so two bulk
     * writes never deadlock.
     *
     * @param writes distinct ids
     * @return what was written, in the order given; {@code null} if an id repeats (the caller
     *     then writes one by one, in order)
     */
    List<StoredState> putAll(List<Write> writes) {
        int n = writes.size();
        List<Write> sorted = new ArrayList<>(writes);
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        long now = clock.millis();
        Positions positions = new Positions();
        String[] scopes = new String[n];
        String[] keys = new String[n];
        String[] values = new String[n];
        String[] labelSets = new String[n];
        Long[] ttls = new Long[n];
        Long[] expiries = new Long[n];
        for (int i = 0; i < n; i++) {
            Write w = sorted.get(i);
            scopes[i] = w.id().scope().canonical();
            keys[i] = w.id().key();
            if (!positions.add(scopes[i], keys[i], i)) {
                return null;
            }
            values[i] = rows.text(w.value());
            labelSets[i] = w.meta().labels().isEmpty() ? "[]" : rows.text(rows.tree(w.meta().labels()));
            ttls[i] = w.meta().ttlMillis();
            expiries[i] = w.meta().expiresAt(now);
        }
        long[] versions = new long[n];
        @SuppressWarnings("unchecked")
        Set<String>[] labels = new Set[n];
        runner.run(false, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.putAll)) {
                ps.setArray(1, c.createArrayOf("text", scopes));
                ps.setArray(2, c.createArrayOf("text", keys));
                ps.setArray(3, c.createArrayOf("text", values));
                ps.setArray(4, c.createArrayOf("text", labelSets));
                ps.setArray(5, c.createArrayOf("bigint", ttls));
                ps.setArray(6, c.createArrayOf("bigint", expiries));
                ps.setLong(7, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int at = positions.of(rs.getString(1), rs.getString(2));
                        versions[at] = rs.getLong(3);
                        labels[at] = Rows.labels(rs.getArray(4));
                    }
                }
                return null;
            }
        });
        List<StoredState> written = new ArrayList<>(n);
        for (Write w : writes) {
            int at = positions.of(w.id().scope().canonical(), w.id().key());
            written.add(new StoredState(w.id(), w.value(), versions[at], labels[at], ttls[at], expiries[at]));
        }
        return written;
    }

    /** Positions in a request by scope and key text: one map per scope, usually one scope. */
    private static final class Positions {
        private final Map<String, Map<String, Integer>> byScope = new HashMap<>();

        /** @return {@code false} if the pair is already there */
        boolean add(String scope, String key, int position) {
            return byScope.computeIfAbsent(scope, s -> new HashMap<>()).putIfAbsent(key, position) == null;
        }

        int of(String scope, String key) {
            return byScope.get(scope).get(key);
        }
    }
}
