package dev.scopedstore.cli;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.Store;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StoredState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Streams states in and out in the export format ({@link dev.scopedstore.spi.StateLines}),
 * page by page. Reading goes through the backend's listing rather than {@link Store#export},
 * because export covers every scope and hides progress, and a listing's {@link StateEntry}
 * lacks the time-to-live; writing goes through {@link Store#importFrom}, in batches.
 */
final class StateStream {
    static final int PAGE = 500;

    private StateStream() {
    }

    /**
     * @param store the source
     * @param prefix a canonical scope, or {@code null} for every scope
     * @param action runs for every state under the prefix, in scope and key order
     */
    static void forEach(Store store, String prefix, Consumer<StoredState> action) {
        StateBackend backend = store.unwrap(StateBackend.class);
        ScopeQuery query = Canonical.prefix(prefix);
        ScopeFilter filter = prefix == null ? ScopeFilter.ALL : new ScopeFilter(query.resolve(store.context()), true);
        String cursor = null;
        do {
            Page<StoredState> page = backend.states(filter, cursor, PAGE);
            page.items().forEach(action);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /** @return how many states lie under the prefix ({@code null}: every scope) */
    static long count(Store store, String prefix) {
        try (Stream<StateEntry> states = store.states(Canonical.prefix(prefix))) {
            return states.count();
        }
    }

    /** Collects JSON lines and imports them into a store a batch at a time. */
    static final class Importer {
        private final Store target;
        private final Progress progress;
        private final StringBuilder batch = new StringBuilder();
        private int lines;

        Importer(Store target, Progress progress) {
            this.target = target;
            this.progress = progress;
        }

        /** @param line one state in the export format */
        void add(String line) {
            batch.append(line).append('\n');
            if (++lines == PAGE) {
                flush();
            }
        }

        /** Imports what is pending. */
        void flush() {
            if (lines > 0) {
                target.importFrom(new ByteArrayInputStream(batch.toString().getBytes(StandardCharsets.UTF_8)));
                progress.advance(lines);
                batch.setLength(0);
                lines = 0;
            }
        }
    }
}
