package dev.scopedstore.memory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per memory backend that sweeps expired states (to free memory; expiry is
 * correct without it) and, for a durable store, writes the snapshot every interval. Closing it
 * stops the thread and writes a last snapshot.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final ScheduledExecutorService scheduler;
    private final MemoryBackend backend;
    private final SnapshotFile snapshot;

    Maintenance(MemoryBackend backend, SnapshotFile snapshot, Duration flushInterval) {
        this.backend = backend;
        this.snapshot = snapshot;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scoped-store-memory-maintenance");
            t.setDaemon(true);
            return t;
        });
        long sweep = SWEEP_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(backend::sweepExpired, sweep, sweep, TimeUnit.MILLISECONDS);
        if (snapshot != null && !flushInterval.isZero()) {
            long flush = flushInterval.toMillis();
            scheduler.scheduleWithFixedDelay(this::flush, flush, flush, TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        try {
            snapshot.save(backend);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot write the snapshot " + snapshot.path()
                    + "; the previous one is intact, retrying at the next interval", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (snapshot != null) {
            try {
                snapshot.save(backend);
            } finally {
                snapshot.close();
            }
        }
    }
}
