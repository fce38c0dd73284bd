package dev.scopedstore.postgres;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.PageCursor;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Pages of states and of scopes, in {@code (scope, key)} order: each page one statement that
 * reads one row more than asked, to know whether a next page exists; the cursor is the last
 * row's position, so a page never repeats or skips a row that stays.
 */
final class Listings {
    private final SqlRunner runner;
    private final ScopeQueries queries;
    private final Rows rows;
    private final Clock clock;

    Listings(SqlRunner runner, ScopeQueries queries, Rows rows, Clock clock) {
        this.runner = runner;
        this.queries = queries;
        this.rows = rows;
        this.clock = clock;
    }

    Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        List<Object> params = new ArrayList<>();
        String statement = statesQuery(filter, cursor, limit, params);
        return page(statement, params, limit, rs -> rows.read(rs, null),
                last -> PageCursor.after(last.id()));
    }

    /** The listing statement; fills {@code params}. */
    String statesQuery(ScopeFilter filter, String cursor, int limit, List<Object> params) {
        return queries.states(filter, cursor, limit, clock.millis(), params);
    }

    Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        List<Object> params = new ArrayList<>();
        String statement = queries.scopes(filter, cursor, limit, clock.millis(), params);
        return page(statement, params, limit, rs -> Scope.parse(rs.getString(1)), PageCursor::after);
    }

    private <T> Page<T> page(String statement, List<Object> params, int limit, RowReader<T> reader,
                             Function<T, String> cursorOf) {
        List<T> found = runner.run(true, c -> {
            try (PreparedStatement ps = SqlRunner.prepare(c, statement, params); ResultSet rs = ps.executeQuery()) {
                List<T> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(reader.read(rs));
                }
                return items;
            }
        });
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<T> page = found.subList(0, limit);
        return new Page<>(page, cursorOf.apply(page.get(limit - 1)));
    }

    /** Reads one row. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
