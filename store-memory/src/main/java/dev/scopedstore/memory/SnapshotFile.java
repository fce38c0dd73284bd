package dev.scopedstore.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.StateLines;
import dev.scopedstore.spi.StoredState;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The memory backend's snapshot: JSON Lines of {@link StateLines}, framed by a header line and
 * a trailer with the version mark. Written whole to a temporary file, forced to disk and
 * renamed over the old one, so a crash while writing leaves the previous snapshot intact. An
 * exclusive lock on {@code <file>.lock}, held while the store is open, keeps a second process
 * from overwriting this one's writes.
 */
final class SnapshotFile implements AutoCloseable {
    private static final String FORMAT = "scoped-store-memory";
    private static final int FORMAT_VERSION = 1;

    private final Path path;
    private final ObjectMapper mapper;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SnapshotFile(Path path, ObjectMapper mapper, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.mapper = mapper;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Locks the snapshot for this process.
     *
     * @throws BackendUnavailableException if another process (or store) holds it
     */
    static SnapshotFile lock(Path path, ObjectMapper mapper) {
        Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                closeQuietly(channel);
                throw inUse(path, lockPath, null);
            }
            return new SnapshotFile(path, mapper, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(path, lockPath, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreConfigurationException("cannot open the snapshot file " + path + ": " + e, e);
        } catch (StoreConfigurationException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Loads the snapshot into a backend; a missing file is an empty store.
     *
     * @throws StoreConfigurationException naming the file and line of the first bad line; the
     *     file is left untouched
     */
    void loadInto(MemoryBackend backend) {
        if (!Files.exists(path)) {
            return;
        }
        long highWater = 0;
        java.util.List<StoredState> states = new java.util.ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                JsonNode node = mapper.readTree(line);
                if (lineNumber == 1) {
                    checkHeader(node);
                } else if (node.has("highWater") && !node.has("scope")) {
                    highWater = node.get("highWater").asLong();
                } else {
                    states.add(StateLines.fromJson(node));
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw corrupt(lineNumber, e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreConfigurationException("cannot read the snapshot file " + path + ": " + e, e);
        }
        states.forEach(backend::restore);
        backend.raiseHighWater(highWater);
    }

    /**
     * Writes every live state atomically: temporary file, force, rename. On failure the
     * temporary file is removed and the previous snapshot is left as it was.
     */
    void save(MemoryBackend backend) {
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            write(backend, temp);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write the snapshot " + path
                    + "; the previous one is intact", e);
        }
    }

    private void write(MemoryBackend backend, Path temp) throws IOException {
        try (OutputStream out = Files.newOutputStream(temp);
             Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            writer.write("{\"format\":\"" + FORMAT + "\",\"formatVersion\":" + FORMAT_VERSION + "}\n");
            for (StoredState state : backend.liveStates()) {
                writer.write(mapper.writeValueAsString(StateLines.toJson(state)));
                writer.write('\n');
            }
            writer.write("{\"highWater\":" + backend.highWater() + "}\n");
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close releases it too
        }
        closeQuietly(lockChannel);
    }

    private void checkHeader(JsonNode header) {
        if (!FORMAT.equals(header.path("format").asText())
                || header.path("formatVersion").asInt() != FORMAT_VERSION) {
            throw corrupt(1, "expected the header {\"format\":\"" + FORMAT + "\",\"formatVersion\":"
                    + FORMAT_VERSION + "}", null);
        }
    }

    private StoreConfigurationException corrupt(int line, String why, Exception cause) {
        return new StoreConfigurationException("the snapshot file " + path + " is corrupt at line "
                + line + ": " + why + "; the file was left untouched", cause);
    }

    /** The file is there and readable, but held: the backend is unavailable, not misconfigured. */
    private static BackendUnavailableException inUse(Path path, Path lockPath, Exception cause) {
        return new BackendUnavailableException("the snapshot file " + path + " is in use by another"
                + " process or store (lock " + lockPath + " is held); open it from one process only",
                cause);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next save overwrites it
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
