package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The atomic operations of {@link DynamoBackend}: one conditional {@code UpdateItem} where
 * {@link NativeOperation} expresses the operation, declining the rest to the facade's
 * compare-and-set (see {@link dev.scopedstore.spi.StateBackend#apply}).
 */
final class DynamoAtomics {
    private final Clock clock;
    private final ChangeFanout fanout;
    private final Lanes lanes;
    private final DynamoWrites writes;

    DynamoAtomics(Clock clock, ChangeFanout fanout, Lanes lanes, DynamoWrites writes) {
        this.clock = clock;
        this.fanout = fanout;
        this.lanes = lanes;
        this.writes = writes;
    }

    /**
     * Applies an atomic operation in one conditional {@code UpdateItem} where
     * {@link NativeOperation} expresses it; an absent state is created from the initial value in
     * one write. Declines (see {@link StateBackend#apply}) an operand {@link NativeOperation}
     * cannot express exactly, and a stored value its guard refuses. Every write carries the
     * call's writer-lane number ({@link Lanes}) and the operation's id, and the native one the
     * condition that neither is recorded on the item yet: a request re-sent after a lost reply,
     * by this backend or by an application client's retry policy, fails that condition, and the
     * state as it is then is returned. Never applied twice.
     */
    Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        Lanes.Lane lane = lanes.acquire();
        try {
            return apply(id, op, initial, meta, new Lanes.Mark(lane, lane.next()));
        } finally {
            lanes.release(lane);
        }
    }

    private Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta, Lanes.Mark mark) {
        Update u = new Update();
        String guard = NativeOperation.express(op, u);
        if (guard == null) {
            return Optional.empty();   // not exact in DynamoDB's arithmetic: the facade's compare-and-set
        }
        String writeId = op.writeId();
        long now = clock.millis();
        String version = u.name(Items.VERSION);
        u.condition(u.live(now) + " AND " + u.unrecorded(writeId) + " AND " + mark.write(u)
                + " AND " + guard).oldOnFailure();
        u.set(version + " = " + version + " + " + u.number("one", 1));
        DynamoWrites.expiry(u, meta, now);
        u.record(writeId);
        Map<String, AttributeValue> item;
        try {
            Map<String, AttributeValue> written = writes.sendRepeatable("an atomic operation", id, u, ReturnValue.ALL_NEW);
            StoredState state = Items.state(id, written);
            fanout.publishWrite(state);
            pruneLanes(id, written, now);
            return Optional.of(state);
        } catch (ConditionalCheckFailedException e) {
            item = e.hasItem() ? e.item() : writes.item(id);
        }
        if (mark.appliedOn(item) || Items.recorded(item, writeId)) {
            return Optional.of(replayed(id, op));
        }
        if (!Items.live(item, now)) {
            // absent: created from the initial value, in one write
            StoredState created = writes.create(id, writes.encode(id, op.applyTo(initial), meta), meta, writeId, mark);
            if (created != null) {
                return Optional.of(created);
            }
        }
        // a stored value the guard refused, or another writer created the state first: declined
        return fence(id, writeId, mark) ? Optional.empty() : Optional.of(replayed(id, op));
    }

    /**
     * Before declining an operation whose native request was sent: records its lane number on
     * the item, so that a copy of that request still in flight (the SDK re-sends after a timeout)
     * fails its condition and cannot apply after the facade's compare-and-set did.
     *
     * @return {@code false} if the operation turned out applied after all (its id is recorded)
     */
    private boolean fence(StateId id, String writeId, Lanes.Mark mark) {
        Update u = new Update();
        u.condition("attribute_exists(" + u.name(Items.PK) + ") AND " + mark.write(u));
        try {
            writes.sendRepeatable("a lane fence", id, u, ReturnValue.NONE);
            return true;
        } catch (ConditionalCheckFailedException e) {
            // a copy of the operation got there first, or this fence's own re-sent copy did
            return !Items.recorded(writes.item(id), writeId);
        }
    }

    /**
     * Removes lane entries too old to match any request, each conditioned on being unchanged;
     * rare (a lane of a process that stopped), so not on the common path.
     */
    private void pruneLanes(StateId id, Map<String, AttributeValue> item, long now) {
        Update u = null;
        StringBuilder unchanged = new StringBuilder();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().startsWith(Lanes.PREFIX) && lanes.stale(Long.parseLong(e.getValue().n()), now)) {
                u = u == null ? new Update() : u;
                String a = u.field(e.getKey());
                u.removeAlias(a);
                unchanged.append(unchanged.length() == 0 ? "" : " AND ").append(a).append(" = ")
                        .append(u.value("v" + unchanged.length(), e.getValue()));
            }
        }
        if (u == null) {
            return;
        }
        u.condition(unchanged.toString());
        try {
            writes.sendRepeatable("a lane clean-up", id, u, ReturnValue.NONE);
        } catch (ConditionalCheckFailedException | StoreException ignored) {
            // written meanwhile, or unreachable: the next writer that sees them tries again
        }
    }

    /** The state after an operation found recorded: applied by an earlier attempt. */
    private StoredState replayed(StateId id, AtomicOp op) {
        return writes.get(id).orElseThrow(() -> new StoreException("the " + op.kind() + " on " + id
                + " was applied, then the state was deleted before its reply arrived"));
    }
}
