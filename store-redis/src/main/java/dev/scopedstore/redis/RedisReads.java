package dev.scopedstore.redis;

import dev.scopedstore.CorruptStateException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.StoredState;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Reads: one {@code GET} per state ({@link StateText}), pipelined in one write for many; a
 * state expired by the store's clock reads as absent even before Redis removes it.
 */
final class RedisReads {
    private static final System.Logger LOG = System.getLogger(RedisReads.class.getName());
    private final RedisCalls calls;
    private final RedisKeys keys;
    private final RedisCodec codec;
    private final RedisWrites writes;
    private final Clock clock;

    RedisReads(RedisCalls calls, RedisKeys keys, RedisCodec codec, RedisWrites writes, Clock clock) {
        this.calls = calls;
        this.keys = keys;
        this.codec = codec;
        this.writes = writes;
        this.clock = clock;
    }

    Optional<StoredState> get(StateId id) {
        String key = keys.of(id.scope()).state(id.key());
        byte[] text = calls.call("get",
                () -> calls.redis.join(read(key)));
        return Optional.ofNullable(codec.fromText(id, text, clock.millis()));
    }

    Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        List<StateId> list = List.copyOf(ids);
        List<CompletableFuture<byte[]>> replies = readAll("getAll", list);
        long now = clock.millis();
        Map<StateId, StoredState> found = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            StoredState state = codec.fromText(list.get(i), calls.await("getAll", replies.get(i)), now);
            if (state != null) {
                found.put(list.get(i), state);
            }
        }
        return found;
    }

    /**
     * Reads the listed keys of one scope in one pipelined round trip; prunes dead entries. A
     * state that cannot be read ({@link CorruptStateException}) is left out and logged, so the
     * others stay listable, as they stay readable; it stays indexed until deleted.
     */
    List<StoredState> readLive(Scope scope, List<String> members) {
        List<StateId> ids = new ArrayList<>(members.size());
        for (String key : members) {
            ids.add(new StateId(scope, key));
        }
        List<CompletableFuture<byte[]>> replies = readAll("list", ids);
        long now = clock.millis();
        List<StoredState> live = new ArrayList<>(members.size());
        for (int i = 0; i < ids.size(); i++) {
            StateId id = ids.get(i);
            StoredState state;
            try {
                state = codec.fromText(id, calls.await("list", replies.get(i)), now);
            } catch (CorruptStateException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; left out of the listing");
                continue;
            }
            if (state != null) {
                live.add(state);
            } else {
                writes.prune(id);
            }
        }
        return live;
    }

    /**
     * @param what the operation, for errors
     * @return the labels of each of {@code ids} that is there now, live or unreadable (then
     *     {@code null}: its labels are unknown); read in pipelined batches of
     *     {@value ScopeWalk#BATCH}
     */
    Map<StateId, Set<String>> presentLabels(String what, List<StateId> ids) {
        Map<StateId, Set<String>> present = new HashMap<>();
        long now = clock.millis();
        for (int from = 0; from < ids.size(); from += ScopeWalk.BATCH) {
            List<StateId> chunk = ids.subList(from, Math.min(from + ScopeWalk.BATCH, ids.size()));
            List<CompletableFuture<byte[]>> replies = readAll(what, chunk);
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    StoredState state = codec.fromText(chunk.get(i), calls.await(what, replies.get(i)), now);
                    if (state != null) {
                        present.put(chunk.get(i), state.labels());
                    }
                } catch (CorruptStateException e) {
                    present.put(chunk.get(i), null);
                }
            }
        }
        return present;
    }

    /**
     * @return the high-water mark of each of {@code ids} while it lasts (see {@link RedisKeys}):
     *     the last version it was written with, or the negated version of its deletion if it was
     *     deleted since; 0 if there is no mark. The {@code HGET}s are sent as one batch.
     */
    Map<StateId, Long> highWaters(List<StateId> ids) {
        List<CompletableFuture<String>> replies = sendAll("get", ids.size(), i -> new AsyncCommand<>(
                new Command<>(CommandType.HGET, new ValueOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8)
                        .addKey(keys.of(ids.get(i).scope()).versions()).addValue(ids.get(i).key()))));
        Map<StateId, Long> marks = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String mark = calls.await("get", replies.get(i));
            marks.put(ids.get(i), mark == null ? 0 : Long.parseLong(mark));
        }
        return marks;
    }

    /** Sends one read of a state. */
    private AsyncCommand<String, String, byte[]> read(String stateKey) {
        AsyncCommand<String, String, byte[]> read = StateText.read(stateKey);
        calls.redis.dispatch(read);
        return read;
    }

    /** Sends one read per state, as {@link #sendAll} does. */
    private List<CompletableFuture<byte[]>> readAll(String what, List<StateId> ids) {
        return sendAll(what, ids.size(), i -> StateText.read(keys.of(ids.get(i).scope()).state(ids.get(i).key())));
    }

    /**
     * Sends {@code count} commands, all in one write to the connection
     * ({@link RedisConnections#dispatchAll}); those that failed with the connection are sent
     * again ({@link RedisCalls#batch}).
     */
    private <T> List<CompletableFuture<T>> sendAll(String what, int count,
                                                   IntFunction<AsyncCommand<String, String, T>> commandOf) {
        return calls.batch(what, count, items -> {
            List<AsyncCommand<String, String, T>> commands = new ArrayList<>(items.length);
            for (int i : items) {
                commands.add(commandOf.apply(i));
            }
            calls.redis.dispatchAll(commands);
            return commands;
        });
    }
}
