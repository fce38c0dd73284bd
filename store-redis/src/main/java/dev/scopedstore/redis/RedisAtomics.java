package dev.scopedstore.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateConflictException;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Pause;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.time.Duration;
import java.util.Optional;

/**
 * Atomic operations. One script for the shapes Lua handles exactly: {@code ADD} of 64-bit
 * integers (in Lua below 10^15, else through {@code INCRBY}, refusing overflow),
 * {@code MAX}/{@code MIN} of 64-bit integers (compared as digit strings) and {@code APPEND} of
 * arrays (spliced as JSON text), each applied once per operation id even if re-sent. Other
 * shapes (decimals, big integers, element-wise arrays and objects) run a compare-and-set, whose
 * conditional writes carry their own write ids.
 */
final class RedisAtomics {
    private final RedisWrites writes;
    private final RedisReads reads;
    private final RedisCodec codec;
    private final Duration timeout;

    RedisAtomics(RedisWrites writes, RedisReads reads, RedisCodec codec, Duration timeout) {
        this.writes = writes;
        this.reads = reads;
        this.codec = codec;
        this.timeout = timeout;
    }

    StoredState apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        if (scriptable(op)) {
            String[] a = RedisWrites.with(RedisWrites.with(writes.writeArgs(op.operand(), meta),
                    codec.json(initial)), op.kind().name());
            ScriptReply reply = writes.runMarked("accumulate", RedisScripts.APPLY, id, op.operationId(), a);
            switch (reply.status()) {
                case "ok":
                    return writes.written(id, reply, meta);
                case "overflow":
                    throw new ArithmeticException("long overflow adding " + op.operand() + " to " + id);
                case "replayed":
                    return reads.get(id).orElseThrow(() -> new StoreException("state " + id
                            + " was deleted right after an accumulate"));
                default:
                    break;   // another shape: the compare-and-set below
            }
        }
        return compareAndSet(id, op, initial, meta);
    }

    private StoredState compareAndSet(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        long deadline = System.nanoTime() + timeout.toNanos() * 10;
        for (int attempt = 1; ; attempt++) {
            StoredState current = writes.getOrCreate(id, initial, meta);
            Optional<StoredState> written = writes.putIfVersion(id, current.version(),
                    op.applyTo(current.value()), meta);
            if (written.isPresent()) {
                return written.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StateConflictException("accumulate on " + id
                        + " lost to other writers for " + timeout.multipliedBy(10) + "; nothing was written");
            }
            Pause.sleep(Pause.jitterMillis(attempt),
                    () -> new StateConflictException("interrupted during accumulate on " + id));
        }
    }

    private static boolean scriptable(AtomicOp op) {
        JsonNode x = op.operand();
        return switch (op.kind()) {
            case ADD, MAX, MIN -> x.isIntegralNumber() && x.canConvertToLong();
            case APPEND -> x.isArray();
            default -> false;
        };
    }
}
