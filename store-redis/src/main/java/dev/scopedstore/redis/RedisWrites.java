package dev.scopedstore.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import dev.scopedstore.spi.WriteIds;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The write scripts of single states: builds their KEYS and ARGV (see {@code common.lua}),
 * runs them and maps the reply; after a write that created a state, registers its scope and
 * labels (outside the script: they live in other slots).
 */
final class RedisWrites {
    private static final Duration MIN_MARKER_LIFE = Duration.ofSeconds(10);

    private final RedisCalls calls;
    private final RedisKeys keys;
    private final RedisCodec codec;
    private final Clock clock;
    private final String markerLife;

    RedisWrites(RedisCalls calls, RedisKeys keys, RedisCodec codec, Clock clock) {
        this.calls = calls;
        this.keys = keys;
        this.codec = codec;
        this.clock = clock;
        this.markerLife = Long.toString(markerLife(calls.timeout).toMillis());
    }

    /**
     * How long a write's marker lasts: six times the operation timeout, at least 10 seconds
     * (a minute by default). A re-sent script arrives within twice the timeout of the first
     * send: the store re-sends only within the timeout, and Lettuce drops a command it has not
     * sent again by the command's own timeout. A marker is one key, so its life bounds how many
     * a busy store keeps: about its writes per second times this.
     *
     * @param timeout the operation timeout
     * @return the marker's life
     */
    static Duration markerLife(Duration timeout) {
        Duration six = timeout.multipliedBy(6);
        return six.compareTo(MIN_MARKER_LIFE) < 0 ? MIN_MARKER_LIFE : six;
    }

    StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        return written(id, runMarked("getOrCreate", RedisScripts.GET_OR_CREATE, id, WriteIds.next(),
                writeArgs(initial, meta)), meta);
    }

    /** A plain write with its own write id, so a re-sent script is never applied twice. */
    StoredState put(StateId id, JsonNode value, StateMeta meta) {
        return written(id, runMarked("put", RedisScripts.PUT, id, WriteIds.next(), writeArgs(value, meta)), meta,
                value);
    }

    List<StoredState> putAll(List<Write> writes) {
        List<CompletableFuture<List<Object>>> replies = calls.batch("putAll", ScriptBatch.of(RedisScripts.PUT,
                ScriptOutputType.MULTI, writes.size(), i -> markedKeys(writes.get(i).id(), WriteIds.next()),
                i -> markedArgs(writes.get(i).id(), writeArgs(writes.get(i).value(), writes.get(i).meta()))));
        List<StoredState> result = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            CompletableFuture<List<Object>> reply = replies.get(i);
            result.add(written(w.id(), new ScriptReply(onState(w.id(), () -> calls.await("putAll", reply))),
                    w.meta(), w.value()));
        }
        return result;
    }

    /** A conditional write with its own write id, so a re-sent script is never applied twice. */
    Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value, StateMeta meta) {
        ScriptReply reply = runMarked("setIfVersion", RedisScripts.PUT_IF_VERSION, id, WriteIds.next(),
                with(writeArgs(value, meta), Long.toString(expectedVersion)));
        return reply.ok() ? Optional.of(written(id, reply, meta, value)) : Optional.empty();
    }

    /**
     * Runs a script whose KEYS[5] is the marker of operation {@code writeId}, re-sending
     * it while the connection is down: the marker makes a second arrival a no-op.
     */
    ScriptReply runMarked(String what, RedisScripts script, StateId id, String writeId, String[] extra) {
        String[] k = markedKeys(id, writeId);
        String[] a = markedArgs(id, extra);
        return new ScriptReply(onState(id, () -> calls.idempotent(what, wait ->
                script.<List<Object>>run(calls.redis, ScriptOutputType.MULTI, wait, k, a))));
    }

    boolean delete(StateId id) {
        return runMarked("delete", RedisScripts.DELETE, id, WriteIds.next(), new String[] {""}).ok();
    }

    /**
     * The deletions of {@code ids}, each a marked script with its own write id.
     *
     * @param requiredLabel a label each state must carry to be deleted, or "" for any state
     */
    ScriptBatch deletions(List<StateId> ids, String requiredLabel) {
        return ScriptBatch.of(RedisScripts.DELETE, ScriptOutputType.MULTI, ids.size(),
                i -> markedKeys(ids.get(i), WriteIds.next()), i -> markedArgs(ids.get(i), requiredLabel));
    }

    boolean touch(StateId id) {
        Long touched = onState(id, () -> calls.call("touch", () -> RedisScripts.TOUCH.<Long>run(calls.redis,
                ScriptOutputType.INTEGER, stateKeys(id), args(id))));
        return touched != null && touched == 1L;
    }

    /** The touches of {@code ids}; each replies 1 if it touched its state. */
    ScriptBatch touches(List<StateId> ids) {
        return ScriptBatch.of(RedisScripts.TOUCH, ScriptOutputType.INTEGER, ids.size(),
                i -> stateKeys(ids.get(i)), i -> args(ids.get(i)));
    }

    /** Drops the index entry of a state found absent or expired; the script re-checks. */
    void prune(StateId id) {
        RedisScripts.PRUNE.runAsync(calls.redis.async, ScriptOutputType.INTEGER, stateKeys(id), args(id));
    }

    /** After a write script: registers a created state's scope and labels, builds the result. */
    StoredState written(StateId id, ScriptReply reply, StateMeta meta) {
        return written(id, reply, meta, null);
    }

    /**
     * As {@link #written(StateId, ScriptReply, StateMeta)}, for a script that stored
     * {@code value} as sent (put, setIfVersion): the result holds that tree, so the reply's
     * copy of the value is not parsed again.
     *
     * @param value the value the script stored, or null to parse the reply's
     */
    private StoredState written(StateId id, ScriptReply reply, StateMeta meta, JsonNode value) {
        if (!reply.ok()) {
            throw new StoreException("unexpected reply from Redis for " + id + ": " + reply.raw);
        }
        if (reply.created()) {
            calls.call("register", () -> {
                calls.redis.sync.zadd(keys.registry(), 0, id.scope().canonical());
                for (String label : meta.labels()) {
                    calls.redis.sync.sadd(keys.label(label), RedisKeys.ref(id));
                }
                return null;
            });
        }
        return reply.state(id, codec, value);
    }

    /** Script arguments of a write: value, ttl, expiresAt, labels. */
    String[] writeArgs(JsonNode value, StateMeta meta) {
        long ttl = meta.ttlMillis();
        return new String[] {codec.json(value), Long.toString(ttl),
            ttl == 0 ? "" : Long.toString(clock.millis() + ttl), codec.labelsJson(meta.labels())};
    }

    static String[] with(String[] args, String last) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** Runs a write on one state; see {@link RedisErrors#onState}. */
    private static <T> T onState(StateId id, Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            throw RedisErrors.onState(id, e);
        }
    }


    private String[] stateKeys(StateId id) {
        ScopeKeys scope = keys.of(id.scope());
        return new String[] {scope.state(id.key()), scope.index(), scope.versions(), scope.floor()};
    }

    private String[] markedKeys(StateId id, String writeId) {
        ScopeKeys scope = keys.of(id.scope());
        return new String[] {scope.state(id.key()), scope.index(), scope.versions(), scope.floor(),
            scope.marker(writeId)};
    }

    /** ARGV: key, now, channel prefix, encoded scope, then the script's own. */
    private String[] args(StateId id, String... extra) {
        return argv(id, null, extra);
    }

    /** ARGV of a marked script: as {@link #args(StateId, String...)}, the marker's life fifth. */
    private String[] markedArgs(StateId id, String... extra) {
        return argv(id, markerLife, extra);
    }

    private String[] argv(StateId id, String markerLife, String[] extra) {
        int common = markerLife == null ? 4 : 5;
        String[] a = new String[common + extra.length];
        a[0] = id.key();
        a[1] = Long.toString(clock.millis());
        a[2] = keys.channelBase();
        a[3] = keys.of(id.scope()).encoded();
        if (markerLife != null) {
            a[4] = markerLife;
        }
        System.arraycopy(extra, 0, a, common, extra.length);
        return a;
    }
}
