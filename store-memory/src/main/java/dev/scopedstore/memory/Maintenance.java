package dev.scopedstore.memory;

import dev.scopedstore.spi.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per memory backend that sweeps expired states (to free memory; expiry is
 * correct without it) and, for a durable store, writes the snapshot every interval. Closing it
 * stops the thread and writes a last snapshot. A snapshot is written whole or not at all
 * ({@link SnapshotFile#save}).
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
        this.scheduler = DaemonThreads.scheduler("scoped-store-memory-maintenance");
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

    /**
     * Lets a sweep or flush in progress finish (never interrupts it: an interrupted write fails
     * with {@code ClosedByInterruptException}), then writes the last snapshot, also when the
     * closing thread is interrupted (the interrupt is kept for the caller).
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        scheduler.shutdown(); // cancels the periodic tasks; the one running finishes
        try {
            scheduler.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            if (snapshot != null) {
                snapshot.save(backend);
            }
        } finally {
            if (snapshot != null) {
                snapshot.close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
