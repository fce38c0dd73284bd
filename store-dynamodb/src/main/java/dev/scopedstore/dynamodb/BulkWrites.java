package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.DaemonThreads;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link DynamoBackend#putAll}: the writes of one call run concurrently, at most
 * {@value #THREADS} in flight however many there are, on daemon threads that time out when idle;
 * every write is waited for before the first failure is thrown.
 */
final class BulkWrites implements AutoCloseable {
    /** The most writes of one {@code setAll} in flight at once. */
    static final int THREADS = 16;

    /** One write, as {@link DynamoBackend#put} does it. */
    interface Put {
        StoredState put(StateId id, JsonNode value, StateMeta meta);
    }

    private final ExecutorService bulk;
    private final Put put;

    BulkWrites(Put put) {
        this.put = put;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named("scoped-store-dynamodb-bulk"));
        pool.allowCoreThreadTimeOut(true);
        this.bulk = pool;
    }

    List<StoredState> putAll(List<Write> writes) {
        if (writes.size() <= 1) {
            return writes.stream().map(w -> put.put(w.id(), w.value(), w.meta())).toList();
        }
        List<CompletableFuture<StoredState>> futures = new ArrayList<>(writes.size());
        for (Write w : writes) {
            futures.add(CompletableFuture.supplyAsync(() -> put.put(w.id(), w.value(), w.meta()), bulk));
        }
        List<StoredState> written = new ArrayList<>(writes.size());
        RuntimeException failed = null;
        for (CompletableFuture<StoredState> f : futures) {
            // every write is waited for, so none is still running when the caller hears of a failure
            try {
                written.add(f.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failed == null) {
                    failed = cause;
                } else if (failed != cause) {
                    failed.addSuppressed(cause);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return written;
    }

    @Override
    public void close() {
        bulk.shutdownNow();
    }
}
