package dev.scopedstore.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeKind;
import dev.scopedstore.State;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Where sessions live in the backend, under one global registry scope {@code R}:
 * <ul>
 *   <li>{@code R.live/<id>}: the issue time, with the grace period as time-to-live, re-armed by
 *       heartbeats: a session is live exactly while this state exists;</li>
 *   <li>{@code R.records/<id>}: {@code {"issuedAt", "user", "scopes"}}, never expiring: the
 *       canonical client scopes to drop when the session ends;</li>
 *   <li>{@code R.claims/<id>}: the nonce of the instance ending the session, expiring after
 *       {@link #CLAIM_TTL} so that a crashed claimer's work is taken up again;</li>
 *   <li>{@code R/signing-key}: the resume tokens' key, when the application gave none.</li>
 * </ul>
 */
final class SessionRegistry {
    /** How long a claim to end a session holds before another instance may take it over. */
    static final Duration CLAIM_TTL = Duration.ofMinutes(2);
    private static final String KEY_STATE = "signing-key";
    private static final int KEY_BYTES = 32;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final StateBackend backend;
    private final Store registry;
    private final Scope root;
    private final Scope live;
    private final Scope records;
    private final Scope claims;
    private final StateMeta liveMeta;
    private final StateMeta claimMeta = new StateMeta(Set.of(), CLAIM_TTL.toMillis());
    private final int pageSize;

    SessionRegistry(DefaultStore store, String registryScope, Duration grace) {
        this.backend = store.runtime().backend();
        this.registry = store.with(ScopeContext.empty());
        this.root = Scope.resolve(registryScope, ScopeContext.empty());
        if (root.kind() != ScopeKind.GLOBAL) {
            throw new IllegalArgumentException("the registry scope '" + registryScope
                    + "' must be global: a scope without placeholders");
        }
        this.live = Scope.parse(root.canonical() + ".live");
        this.records = Scope.parse(root.canonical() + ".records");
        this.claims = Scope.parse(root.canonical() + ".claims");
        this.liveMeta = new StateMeta(Set.of(), grace.toMillis());
        this.pageSize = store.runtime().config().pageSize();
    }

    /** @return the signing key kept in the backend, made by the first instance that asks */
    byte[] sharedSigningKey() {
        StoredState key = backend.getOrCreate(new StateId(root, KEY_STATE),
                TextNode.valueOf(ResumeTokens.newKey(KEY_BYTES)), StateMeta.NONE);
        return ResumeTokens.decodeKey(key.value().asText());
    }

    /**
     * Makes a session live, then gives it a record: in that order (not one bulk write, whose
     * order a backend may not keep), so that a sweep, which lists records before liveness,
     * never takes a session being made for ended.
     */
    void create(String id, long issuedAtMillis) {
        backend.put(liveId(id), LongNode.valueOf(issuedAtMillis), liveMeta);
        backend.put(recordId(id), newRecord(issuedAtMillis, false), StateMeta.NONE);
    }

    /** @return whether the session was live; if so its grace period starts again */
    boolean touch(String id) {
        return backend.touch(liveId(id));
    }

    /** Ends liveness now: the session's token no longer resumes. */
    void endLiveness(String id) {
        backend.delete(liveId(id));
    }

    /** @return the session's record, if it has one */
    Optional<JsonNode> record(String id) {
        return backend.get(recordId(id)).map(StoredState::value);
    }

    /**
     * Adds a canonical client scope to the record. A record already gone (the session ended
     * meanwhile) is made again as an orphan, so that the next sweep drops what it names without
     * announcing the session's end a second time.
     */
    void recordScope(String id, Scope clientScope) {
        updateRecord(id, record -> {
            ArrayNode scopes = (ArrayNode) record.get("scopes");
            for (JsonNode s : scopes) {
                if (s.asText().equals(clientScope.canonical())) {
                    return record;
                }
            }
            scopes.add(clientScope.canonical());
            return record;
        });
    }

    /** @param userId the logged-in user, or {@code null} for none */
    void recordUser(String id, String userId) {
        updateRecord(id, record -> record.set("user", userId == null ? null : TextNode.valueOf(userId)));
    }

    /** @return whether this instance, named by {@code nonce}, now ends the session */
    boolean claim(String id, String nonce) {
        return backend.getOrCreate(claimId(id), TextNode.valueOf(nonce), claimMeta)
                .value().asText().equals(nonce);
    }

    /** @return whether the record was re-made after its session ended (see {@link #recordScope}) */
    static boolean isOrphan(JsonNode record) {
        return record.path("orphan").asBoolean(false);
    }

    /**
     * Drops every scope the record names, with the scopes nested under them, then deletes the
     * record and the claim. A scope recorded meanwhile (the record's version moved) is dropped
     * too: the record is read again until it stands still.
     *
     * @param record the record as the claimer read it
     */
    void dropAndForget(String id, StoredState record) {
        StoredState current = record;
        while (current != null) {
            for (JsonNode scope : current.value().path("scopes")) {
                backend.dropScope(new ScopeFilter(Scope.parse(scope.asText()), true));
            }
            StoredState again = backend.get(recordId(id)).orElse(null);
            current = again == null || again.version() == current.version() ? null : again;
        }
        backend.delete(recordId(id));
        backend.delete(claimId(id));
    }

    /** Deletes a claim that found no record: another instance had ended the session. */
    void forgetClaim(String id) {
        backend.delete(claimId(id));
    }

    /** @return the record with its version, if the session has one */
    Optional<StoredState> storedRecord(String id) {
        return backend.get(recordId(id));
    }

    /** @return the ids of the live sessions; close the stream */
    Stream<String> liveIds() {
        return ids(live);
    }

    /**
     * @return the sessions with a record and no liveness: timed out (or closed and not yet
     *     cleaned up). Records are listed before liveness, so a session made meanwhile is in
     *     neither list or in both.
     */
    List<String> unlive() {
        List<String> recorded;
        try (Stream<String> ids = ids(records)) {
            recorded = ids.toList();
        }
        Set<String> living;
        try (Stream<String> ids = liveIds()) {
            living = new HashSet<>(ids.toList());
        }
        List<String> unlive = new ArrayList<>();
        for (String id : recorded) {
            if (!living.contains(id)) {
                unlive.add(id);
            }
        }
        return unlive;
    }

    private Stream<String> ids(Scope scope) {
        ScopeFilter filter = new ScopeFilter(scope, false);
        return PagedIterator.stream(cursor -> backend.states(filter, cursor, pageSize))
                .map(state -> state.id().key());
    }

    /** The facade's compare-and-set loop, on the record as a JSON tree. */
    private void updateRecord(String id, UnaryOperator<ObjectNode> change) {
        State<JsonNode> record = registry.createState(JsonNode.class, newRecord(0, true),
                StateOptions.key(id).scope(records.canonical()).ttl(Duration.ZERO));
        record.update(current -> change.apply(((ObjectNode) current).deepCopy()));
    }

    private static ObjectNode newRecord(long issuedAtMillis, boolean orphan) {
        ObjectNode record = JSON.objectNode();
        record.put("issuedAt", issuedAtMillis);
        if (orphan) {
            record.put("orphan", true);
        }
        record.putNull("user");
        record.putArray("scopes");
        return record;
    }

    private StateId liveId(String id) {
        return new StateId(live, id);
    }

    private StateId recordId(String id) {
        return new StateId(records, id);
    }

    private StateId claimId(String id) {
        return new StateId(claims, id);
    }
}
