package dev.scopedstore.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis and Redis Cluster through Lettuce. Each write is one Lua script (value, version,
 * index, expiry, notification); reads are one {@code HMGET}; bulk reads and writes are
 * pipelined. Expiry follows the facade's clock (stored in the state, compared on every read)
 * with {@code PEXPIRE} as the server-side clean-up. See {@link RedisKeys} for the layout.
 *
 * <p>Integer {@code ADD}, {@code MAX}, {@code MIN} and array {@code APPEND} are native: one
 * script, exact, checked against the operation id. Other shapes and operations run a
 * version-conditioned compare-and-set: the
 * conditional-write script records a short-lived marker per write, so a write re-sent after a
 * lost reply is reported as done and never applied twice.
 */
public final class RedisBackend implements StateBackend {
    /** The largest value this backend accepts, as UTF-8 JSON. */
    public static final int MAX_VALUE_BYTES = 4 * 1024 * 1024;

    private static final Capabilities CAPABILITIES = Capabilities.of(MAX_VALUE_BYTES,
            Capability.NATIVE_ADD, Capability.NATIVE_MAX, Capability.NATIVE_MIN, Capability.NATIVE_APPEND,
            Capability.TTL_FOLLOWS_CLOCK, Capability.CHANGE_FEED_ACROSS_INSTANCES,
            Capability.BULK_READ, Capability.BULK_WRITE, Capability.DURABLE);
    private static final String[] FIELDS = {"v", "n", "t", "e", "l"};
    private static final String WRITER =
            Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong WRITES = new AtomicLong();
    private static final int BATCH = 256;

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final RedisChangeFeed feed;

    RedisBackend(RedisConnections redis, String keyPrefix, Clock clock, Duration timeout,
                 ObjectMapper mapper) {
        this.redis = redis;
        this.keys = new RedisKeys(keyPrefix);
        this.clock = clock;
        this.timeout = timeout;
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.feed = new RedisChangeFeed(redis, keys, this, reader);
    }

    /**
     * A backend on the application's standalone client, which it never closes (it closes only
     * the connections it opens). Configure the client with
     * {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} to fail fast while Redis is
     * unreachable.
     *
     * @param client the application's client
     * @param uri the server
     * @param keyPrefix the namespace prefix of every key, free of braces
     * @param clock the clock expiry follows (the store's)
     * @param timeout how long one operation may take
     * @return an open backend; close it after the store
     */
    public static RedisBackend standalone(RedisClient client, RedisURI uri, String keyPrefix,
                                          Clock clock, Duration timeout) {
        return new RedisBackend(RedisErrors.call("connect", () ->
                RedisConnections.standalone(client, uri, timeout, false)), keyPrefix, clock, timeout,
                new ObjectMapper());
    }

    /**
     * A backend on the application's cluster client, which it never closes.
     *
     * @param client the application's cluster client
     * @param keyPrefix the namespace prefix of every key, free of braces
     * @param clock the clock expiry follows (the store's)
     * @param timeout how long one operation may take
     * @return an open backend; close it after the store
     */
    public static RedisBackend cluster(RedisClusterClient client, String keyPrefix, Clock clock,
                                       Duration timeout) {
        return new RedisBackend(RedisErrors.call("connect", () ->
                RedisConnections.cluster(client, timeout, false)), keyPrefix, clock, timeout,
                new ObjectMapper());
    }

    /** @return the key layout, e.g. for tools */
    public RedisKeys keys() {
        return keys;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    // ---- single states ---------------------------------------------------------------------

    @Override
    public Optional<StoredState> get(StateId id) {
        String tag = keys.tag(id.scope());
        List<KeyValue<String, String>> fields = call("get",
                () -> redis.sync.hmget(keys.state(tag, id.key()), FIELDS));
        return Optional.ofNullable(fromFields(id, fields, clock.millis()));
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        List<StateId> list = List.copyOf(ids);
        List<CompletableFuture<List<KeyValue<String, String>>>> replies = new ArrayList<>(list.size());
        call("getAll", () -> {
            for (StateId id : list) {
                replies.add(redis.async.hmget(keys.state(keys.tag(id.scope()), id.key()), FIELDS)
                        .toCompletableFuture());
            }
            return null;
        });
        long now = clock.millis();
        Map<StateId, StoredState> found = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            StoredState state = fromFields(list.get(i), await("getAll", replies.get(i)), now);
            if (state != null) {
                found.put(list.get(i), state);
            }
        }
        return found;
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        Reply reply = script("getOrCreate", RedisScripts.GET_OR_CREATE, id, writeArgs(initial, meta));
        return written(id, reply, meta);
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        return written(id, script("put", RedisScripts.PUT, id, writeArgs(value, meta)), meta);
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(writes.size());
        call("putAll", () -> {
            for (Write w : writes) {
                String tag = keys.tag(w.id().scope());
                replies.add(RedisScripts.PUT.<List<Object>>runAsync(redis.async,
                        ScriptOutputType.MULTI, stateKeys(tag, w.id()),
                        args(w.id(), writeArgs(w.value(), w.meta()))).toCompletableFuture());
            }
            return null;
        });
        List<StoredState> result = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            result.add(written(w.id(), new Reply(await("putAll", replies.get(i))), w.meta()));
        }
        return result;
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        String tag = keys.tag(id.scope());
        String writeId = WRITER + Long.toString(WRITES.incrementAndGet(), 36);
        String[] k = {keys.state(tag, id.key()), keys.index(tag), keys.versions(tag),
            keys.marker(tag, writeId)};
        String[] a = args(id, writeArgs(value, meta), Long.toString(expectedVersion));
        Reply reply = new Reply(idempotent("setIfVersion", () ->
                RedisScripts.PUT_IF_VERSION.run(redis.sync, ScriptOutputType.MULTI, k, a)));
        return reply.ok() ? Optional.of(written(id, reply, meta)) : Optional.empty();
    }

    /**
     * Runs a script that carries its own write id, re-sending it while the connection is down
     * (until the operation timeout): the id makes a second arrival a no-op, so a reply lost
     * with a dropped connection never leaves the caller unsure whether the write happened.
     */
    private List<Object> idempotent(String what, java.util.function.Supplier<List<Object>> script) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call(what, script);
            } catch (dev.scopedstore.BackendUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * One script for the shapes Lua handles exactly: {@code ADD} of 64-bit integers (through
     * {@code INCRBY}, refusing overflow), {@code MAX}/{@code MIN} of 64-bit integers (compared
     * as digit strings) and {@code APPEND} of arrays (spliced as JSON text), each applied once
     * per operation id even if re-sent. Other shapes (decimals, big integers, element-wise
     * arrays and objects) run a compare-and-set here, whose conditional writes carry their own
     * write ids.
     */
    @Override
    public StoredState apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        if (scriptable(op)) {
            String tag = keys.tag(id.scope());
            String[] k = {keys.state(tag, id.key()), keys.index(tag), keys.versions(tag),
                keys.marker(tag, op.operationId())};
            String[] a = args(id, writeArgs(op.operand(), meta), json(initial));
            String[] all = java.util.Arrays.copyOf(a, a.length + 1);
            all[a.length] = op.kind().name();
            Reply reply = new Reply(idempotent("accumulate", () ->
                    RedisScripts.APPLY.run(redis.sync, ScriptOutputType.MULTI, k, all)));
            switch (String.valueOf(reply.raw.get(0))) {
                case "ok":
                    return written(id, reply, meta);
                case "overflow":
                    throw new ArithmeticException("long overflow adding " + op.operand() + " to " + id);
                case "replayed":
                    return get(id).orElseThrow(() -> new StoreException("state " + id
                            + " was deleted right after an accumulate"));
                default:
                    break;   // another shape: the compare-and-set below
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos() * 10;
        for (int attempt = 1; ; attempt++) {
            StoredState current = getOrCreate(id, initial, meta);
            Optional<StoredState> written = putIfVersion(id, current.version(),
                    op.applyTo(current.value()), meta);
            if (written.isPresent()) {
                return written.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new dev.scopedstore.StateConflictException("accumulate on " + id
                        + " lost to other writers for " + timeout.multipliedBy(10) + "; nothing was written");
            }
            try {
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 + Math.min(attempt, 20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.scopedstore.StateConflictException("interrupted during accumulate on " + id);
            }
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

    @Override
    public boolean delete(StateId id) {
        return delete(id, "");
    }

    private boolean delete(StateId id, String requiredLabel) {
        return new Reply(script("delete", RedisScripts.DELETE, id, requiredLabel).raw).ok();
    }

    @Override
    public boolean touch(StateId id) {
        String tag = keys.tag(id.scope());
        Long touched = call("touch", () -> RedisScripts.TOUCH.run(redis.sync,
                ScriptOutputType.INTEGER, stateKeys(tag, id), args(id)));
        return touched != null && touched == 1L;
    }

    @Override
    public long touchScope(Scope scope) {
        String tag = keys.tag(scope);
        List<String> members = call("touch", () -> redis.sync.zrange(keys.index(tag), 0, -1));
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        call("touch", () -> {
            for (String key : members) {
                StateId id = new StateId(scope, key);
                replies.add(RedisScripts.TOUCH.<Long>runAsync(redis.async, ScriptOutputType.INTEGER,
                        stateKeys(tag, id), args(id)).toCompletableFuture());
            }
            return null;
        });
        long touched = 0;
        for (CompletableFuture<Long> reply : replies) {
            Long one = await("touch", reply);
            touched += one == null ? 0 : one;
        }
        return touched;
    }

    // ---- listings --------------------------------------------------------------------------

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        Scope afterScope = null;
        String afterKey = null;
        if (cursor != null) {
            int nl = cursor.indexOf('\n');
            afterScope = Scope.parse(cursor.substring(0, nl));
            afterKey = cursor.substring(nl + 1);
        }
        List<StoredState> page = new ArrayList<>(Math.min(limit, BATCH));
        for (ScopeWalk walk = new ScopeWalk(filter, afterScope); walk.hasNext(); ) {
            Scope scope = walk.next();
            String from = scope.equals(afterScope) ? afterKey : null;
            String index = keys.index(keys.tag(scope));
            while (true) {
                int want = Math.min(limit - page.size(), BATCH);
                Range<String> range = Range.from(from == null ? Range.Boundary.unbounded()
                        : Range.Boundary.excluding(from), Range.Boundary.unbounded());
                List<String> members = call("list",
                        () -> redis.sync.zrangebylex(index, range, Limit.create(0, want)));
                if (members.isEmpty()) {
                    break;
                }
                page.addAll(readLive(scope, members));
                if (page.size() >= limit) {
                    StateId last = page.get(page.size() - 1).id();
                    return new Page<>(page, last.scope().canonical() + "\n" + last.key());
                }
                if (members.size() < want) {
                    break;
                }
                from = members.get(members.size() - 1);
            }
        }
        return new Page<>(page, null);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        Scope after = cursor == null ? null : Scope.parse(cursor);
        List<Scope> page = new ArrayList<>();
        for (ScopeWalk walk = new ScopeWalk(filter, after); walk.hasNext(); ) {
            Scope scope = walk.next();
            if (scope.equals(after)) {
                continue;
            }
            if (hasLiveState(scope)) {
                page.add(scope);
                if (page.size() == limit) {
                    return new Page<>(page, scope.canonical());
                }
            }
        }
        return new Page<>(page, null);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        long deleted = 0;
        for (String label : labels) {
            String set = keys.label(label);
            Set<String> refs = call("purgeLabels", () -> redis.sync.smembers(set));
            for (String ref : refs) {
                if (delete(RedisKeys.parseRef(ref), label)) {
                    deleted++;
                }
                call("purgeLabels", () -> redis.sync.srem(set, ref));
            }
        }
        return deleted;
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        long deleted = 0;
        for (ScopeWalk walk = new ScopeWalk(filter, null); walk.hasNext(); ) {
            Scope scope = walk.next();
            String tag = keys.tag(scope);
            List<String> members = call("dropScope",
                    () -> redis.sync.zrange(keys.index(tag), 0, -1));
            List<CompletableFuture<List<Object>>> replies = new ArrayList<>();
            call("dropScope", () -> {
                for (String key : members) {
                    StateId id = new StateId(scope, key);
                    replies.add(RedisScripts.DELETE.<List<Object>>runAsync(redis.async,
                            ScriptOutputType.MULTI, stateKeys(tag, id), args(id, ""))
                            .toCompletableFuture());
                }
                return null;
            });
            for (CompletableFuture<List<Object>> reply : replies) {
                if (new Reply(await("dropScope", reply)).ok()) {
                    deleted++;
                }
            }
            unregisterIfEmpty(scope);
        }
        return deleted;
    }

    @Override
    public void ping() {
        call("ping", redis.sync::ping);
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        return feed.subscribe(filter, listener);
    }

    @Override
    public void close() {
        try {
            feed.close();
        } finally {
            redis.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private <T> T call(String what, java.util.function.Supplier<T> operation) {
        return RedisErrors.call(what, timeout, operation);
    }

    /** Reads the listed keys of one scope in one pipelined round trip; prunes dead entries. */
    private List<StoredState> readLive(Scope scope, List<String> members) {
        String tag = keys.tag(scope);
        List<CompletableFuture<List<KeyValue<String, String>>>> replies = new ArrayList<>();
        call("list", () -> {
            for (String key : members) {
                replies.add(redis.async.hmget(keys.state(tag, key), FIELDS).toCompletableFuture());
            }
            return null;
        });
        long now = clock.millis();
        List<StoredState> live = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            StateId id = new StateId(scope, members.get(i));
            StoredState state = fromFields(id, await("list", replies.get(i)), now);
            if (state != null) {
                live.add(state);
            } else {
                prune(tag, id);
            }
        }
        return live;
    }

    /** Drops the index entry of a state found absent or expired; the script re-checks. */
    private void prune(String tag, StateId id) {
        RedisScripts.PRUNE.runAsync(redis.async, ScriptOutputType.INTEGER, stateKeys(tag, id), args(id));
    }

    private boolean hasLiveState(Scope scope) {
        String index = keys.index(keys.tag(scope));
        String from = null;
        while (true) {
            Range<String> range = Range.from(from == null ? Range.Boundary.unbounded()
                    : Range.Boundary.excluding(from), Range.Boundary.unbounded());
            List<String> members = call("list",
                    () -> redis.sync.zrangebylex(index, range, Limit.create(0, 16)));
            if (members.isEmpty()) {
                unregisterIfEmpty(scope);
                return false;
            }
            if (!readLive(scope, members).isEmpty()) {
                return true;
            }
            from = members.get(members.size() - 1);
        }
    }

    /**
     * Removes a scope from the registry when its index is empty. A creator re-registers after
     * its write, and this re-checks after removing, so a scope with states is never lost.
     */
    private void unregisterIfEmpty(Scope scope) {
        String index = keys.index(keys.tag(scope));
        call("list", () -> {
            if (redis.sync.zcard(index) > 0) {
                return null;
            }
            redis.sync.zrem(keys.registry(), scope.canonical());
            if (redis.sync.zcard(index) > 0) {
                redis.sync.zadd(keys.registry(), 0, scope.canonical());
            }
            return null;
        });
    }

    /** Script arguments of a write: value, ttl, expiresAt, labels. */
    private String[] writeArgs(JsonNode value, StateMeta meta) {
        long ttl = meta.ttlMillis();
        return new String[] {json(value), Long.toString(ttl),
            ttl == 0 ? "" : Long.toString(clock.millis() + ttl), labelsJson(meta.labels())};
    }

    private Reply script(String what, RedisScripts script, StateId id, String... extra) {
        String tag = keys.tag(id.scope());
        String[] k = stateKeys(tag, id);
        String[] a = args(id, extra);
        return new Reply(call(what, () -> script.run(redis.sync, ScriptOutputType.MULTI, k, a)));
    }

    private String[] stateKeys(String tag, StateId id) {
        return new String[] {keys.state(tag, id.key()), keys.index(tag), keys.versions(tag)};
    }

    /** ARGV: key, now, channel prefix, encoded scope, then the script's own. */
    private String[] args(StateId id, String... extra) {
        String[] a = new String[4 + extra.length];
        a[0] = id.key();
        a[1] = Long.toString(clock.millis());
        a[2] = keys.channelBase();
        a[3] = RedisKeys.encode(id.scope().canonical());
        System.arraycopy(extra, 0, a, 4, extra.length);
        return a;
    }

    private String[] args(StateId id, String[] extra, String last) {
        String[] all = java.util.Arrays.copyOf(extra, extra.length + 1);
        all[extra.length] = last;
        return args(id, all);
    }

    /** After a write script: registers a created state's scope and labels, builds the result. */
    private StoredState written(StateId id, Reply reply, StateMeta meta) {
        if (!reply.ok()) {
            throw new StoreException("unexpected reply from Redis for " + id + ": " + reply.raw);
        }
        if (reply.created()) {
            call("register", () -> {
                redis.sync.zadd(keys.registry(), 0, id.scope().canonical());
                for (String label : meta.labels()) {
                    redis.sync.sadd(keys.label(label), RedisKeys.ref(id));
                }
                return null;
            });
        }
        return reply.state(id);
    }

    private StoredState fromFields(StateId id, List<KeyValue<String, String>> fields, long now) {
        String value = fields.get(0).getValueOrElse(null);
        if (value == null) {
            return null;
        }
        String expires = fields.get(3).getValueOrElse("");
        long expiresAt = expires.isEmpty() ? StoredState.NEVER : Long.parseLong(expires);
        if (expiresAt <= now) {
            return null;
        }
        return new StoredState(id, parse(id, value), Long.parseLong(fields.get(1).getValue()),
                labels(id, fields.get(4).getValueOrElse("[]")),
                Long.parseLong(fields.get(2).getValueOrElse("0")), expiresAt);
    }

    JsonNode parse(StateId id, String json) {
        try {
            return reader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CorruptStateException(id, "the stored value of " + id + " is not JSON", e);
        }
    }

    private Set<String> labels(StateId id, String json) {
        if (json.equals("[]")) {
            return Set.of();
        }
        Set<String> labels = new LinkedHashSet<>();
        parse(id, json).forEach(label -> labels.add(label.asText()));
        return labels;
    }

    private String labelsJson(Set<String> labels) {
        if (labels.isEmpty()) {
            return "[]";
        }
        return json(mapper.valueToTree(labels));
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T await(String what, CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new dev.scopedstore.BackendUnavailableException("Redis did not answer " + what
                    + " within " + timeout, e);
        } catch (Exception e) {
            throw RedisErrors.translate(what, e);
        }
    }

    /** A write script's reply: {status, version, value, labels, ttl, expiresAt, created}. */
    private final class Reply {
        final List<Object> raw;

        Reply(List<Object> raw) {
            this.raw = raw;
        }

        boolean ok() {
            return "ok".equals(raw.get(0));
        }

        boolean created() {
            return raw.size() > 6 && Long.valueOf(1).equals(raw.get(6));
        }

        StoredState state(StateId id) {
            String expires = (String) raw.get(5);
            return new StoredState(id, parse(id, (String) raw.get(2)), Long.parseLong((String) raw.get(1)),
                    labels(id, (String) raw.get(3)), Long.parseLong((String) raw.get(4)),
                    expires.isEmpty() ? StoredState.NEVER : Long.parseLong(expires));
        }
    }

    /**
     * The scopes a filter covers, from {@code from} (inclusive) on, in canonical order: the
     * filter's own scope directly, the ones below it from the registry, a page at a time.
     */
    private final class ScopeWalk {
        private final ScopeFilter filter;
        private final List<Scope> buffer = new ArrayList<>();
        private int position;
        private String registryFrom;
        private boolean registryDone;
        private final String upper;

        ScopeWalk(ScopeFilter filter, Scope from) {
            this.filter = filter;
            Scope root = filter.scope();
            if (root != null && (from == null || from.compareTo(root) <= 0)) {
                buffer.add(root);
            }
            if (root == null) {
                registryFrom = from == null ? null : "[" + from.canonical();
                upper = null;
            } else if (filter.nested()) {
                String lower = root.canonical() + ".";
                registryFrom = from != null && from.canonical().compareTo(lower) > 0
                        ? "[" + from.canonical() : "[" + lower;
                upper = root.canonical() + "/";
            } else {
                registryDone = true;
                upper = null;
            }
        }

        boolean hasNext() {
            if (position < buffer.size()) {
                return true;
            }
            if (registryDone) {
                return false;
            }
            buffer.clear();
            position = 0;
            Range.Boundary<String> lo = registryFrom == null ? Range.Boundary.unbounded()
                    : registryFrom.charAt(0) == '[' ? Range.Boundary.including(registryFrom.substring(1))
                    : Range.Boundary.excluding(registryFrom.substring(1));
            Range.Boundary<String> hi = upper == null ? Range.Boundary.unbounded()
                    : Range.Boundary.excluding(upper);
            List<String> names = call("list", () -> redis.sync.zrangebylex(keys.registry(),
                    Range.from(lo, hi), Limit.create(0, BATCH)));
            if (names.size() < BATCH) {
                registryDone = true;
            } else {
                registryFrom = "(" + names.get(names.size() - 1);
            }
            for (String name : names) {
                Scope scope = Scope.parse(name);
                if (filter.matches(scope) && !scope.equals(filter.scope())) {
                    buffer.add(scope);
                }
            }
            return hasNext();
        }

        Scope next() {
            return buffer.get(position++);
        }
    }
}
