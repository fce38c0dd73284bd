package dev.scopedstore.memory;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Serves {@code memory:} (an in-process store that forgets on close) and
 * {@code memory:/path/states.jsonl?flushInterval=30s} (the same, loaded from and written to a
 * snapshot file on open, every interval and on close). Not on any hot path.
 */
public final class MemoryBackendProvider implements StateBackendProvider {
    private static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(30);

    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public MemoryBackendProvider() {
    }

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public StateBackend open(BackendContext context) {
        Path path = snapshotPath(context.url());
        if (path == null) {
            return MemoryBackend.withMaintenance(context.clock(), null, Duration.ZERO);
        }
        Duration flushInterval = context.durationOption("flushInterval", DEFAULT_FLUSH_INTERVAL);
        SnapshotFile snapshot = SnapshotFile.lock(path, context.mapper());
        try {
            return MemoryBackend.withMaintenance(context.clock(), snapshot, flushInterval);
        } catch (RuntimeException e) {
            snapshot.close();
            throw e;
        }
    }

    /** @return the file of {@code memory:<path>[?options]}, or {@code null} for none */
    private static Path snapshotPath(String url) {
        String rest = url.substring("memory:".length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        if (path.startsWith("//")) {
            path = path.substring(2);
        }
        if (path.isEmpty()) {
            return null;
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new StoreConfigurationException("memory URL names an invalid snapshot path '"
                    + path + "': " + e.getReason());
        }
    }

    static Capabilities durable(Capabilities base) {
        Set<Capability> features = EnumSet.copyOf(base.features());
        features.add(Capability.DURABLE);
        return new Capabilities(features, base.maxValueBytes());
    }
}
