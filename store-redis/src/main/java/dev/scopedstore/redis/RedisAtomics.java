package dev.scopedstore.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.util.Optional;

/**
 * Atomic operations. One script for the shapes Lua handles exactly: {@code ADD} of 64-bit
 * integers (in Lua below 10^15, else through {@code INCRBY}, refusing overflow),
 * {@code MAX}/{@code MIN} of 64-bit integers (compared as digit strings) and {@code APPEND} of
 * arrays (spliced as JSON text), each applied once per write id even if re-sent. Other
 * shapes (decimals, big integers, element-wise arrays and objects, or a stored value the script
 * finds of another shape) are declined, having written nothing: the facade's compare-and-set
 * applies them (see {@link dev.scopedstore.spi.StateBackend#apply}).
 */
final class RedisAtomics {
    private final RedisWrites writes;
    private final RedisReads reads;
    private final RedisCodec codec;

    RedisAtomics(RedisWrites writes, RedisReads reads, RedisCodec codec) {
        this.writes = writes;
        this.reads = reads;
        this.codec = codec;
    }

    Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        if (!scriptable(op)) {
            return Optional.empty();
        }
        String[] a = RedisWrites.with(RedisWrites.with(writes.writeArgs(op.operand(), meta),
                codec.json(initial)), op.kind().name());
        ScriptReply reply = writes.runMarked("apply", RedisScripts.APPLY, id, op.writeId(), a);
        return switch (reply.status()) {
            case "ok" -> Optional.of(writes.written(id, reply, meta));
            case "overflow" -> throw new ArithmeticException("long overflow adding " + op.operand() + " to " + id);
            case "replayed" -> Optional.of(reads.get(id).orElseThrow(() -> new StoreException("state " + id
                    + " was deleted right after an atomic operation")));
            default -> Optional.empty();   // a stored value of another shape
        };
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
