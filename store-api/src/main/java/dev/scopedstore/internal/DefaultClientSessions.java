package dev.scopedstore.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.session.ClientSession;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.session.ResumeRefusedException;
import dev.scopedstore.session.SessionEnd;
import dev.scopedstore.session.SessionListener;
import dev.scopedstore.session.SessionSettings;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.DaemonThreads;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The session manager of one instance: issues and resumes sessions through the
 * {@link SessionRegistry}, and ends them — on {@code close}, or when a sweep finds their
 * liveness gone — by claiming them first, so that one instance drops a client's scopes once.
 */
final class DefaultClientSessions implements ClientSessions {
    private static final System.Logger LOG = System.getLogger(DefaultClientSessions.class.getName());
    private static final Duration MIN_SWEEP = Duration.ofSeconds(1);
    private static final Duration MAX_SWEEP = Duration.ofSeconds(30);

    private final DefaultStore store;
    private final SessionRegistry registry;
    private final ResumeTokens tokens;
    private final Clock clock;
    private final Duration grace;
    private final List<SessionListener> listeners;
    /** Starts the nonce of each of this instance's claims. */
    private final String nonce = ResumeTokens.newId();
    /** The sessions this instance issued or resumed and still considers open. */
    private final ConcurrentMap<String, DefaultClientSession> local = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultClientSessions(DefaultStore store, SessionSettings settings, Duration grace) {
        this.store = store;
        this.grace = grace;
        this.clock = store.runtime().config().clock();
        this.registry = new SessionRegistry(store, settings.registryScope(), grace);
        byte[] key = settings.signingKey();
        this.tokens = new ResumeTokens(key != null ? key : registry.sharedSigningKey());
        this.listeners = settings.listeners();
        Duration interval = settings.sweepInterval() != null ? settings.sweepInterval()
                : clamp(grace.dividedBy(4));
        if (interval.isZero()) {
            this.sweeper = null;
        } else {
            this.sweeper = DaemonThreads.scheduler("scoped-store-session-sweeper");
            long millis = interval.toMillis();
            sweeper.scheduleWithFixedDelay(this::backgroundSweep, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    SessionRegistry registry() {
        return registry;
    }

    @Override
    public ClientSession connect() {
        ensureOpen();
        String id = ResumeTokens.newId();
        long issuedAt = clock.millis();
        registry.create(id, issuedAt);
        DefaultClientSession session = new DefaultClientSession(this, store, id,
                tokens.issue(id, issuedAt), issuedAt, null);
        local.put(id, session);
        tell(listener -> listener.started(session));
        return session;
    }

    @Override
    public ClientSession resume(String token) {
        ensureOpen();
        ResumeTokens.Verified verified = tokens.verify(Objects.requireNonNull(token, "token"));
        String id = verified.id();
        if (!registry.touch(id)) {
            throw new ResumeRefusedException("the resume token was refused: its session has ended"
                    + " (timed out or closed); connect afresh");
        }
        DefaultClientSession session = local.get(id);
        if (session == null) {
            String user = registry.record(id).map(r -> r.path("user"))
                    .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
            DefaultClientSession fresh = new DefaultClientSession(this, store, id, token,
                    verified.issuedAtMillis(), user);
            DefaultClientSession raced = local.putIfAbsent(id, fresh);
            session = raced != null ? raced : fresh;
        }
        DefaultClientSession resumed = session;
        tell(listener -> listener.resumed(resumed));
        return resumed;
    }

    @Override
    public Stream<String> liveIds() {
        ensureOpen();
        return registry.liveIds();
    }

    @Override
    public long liveCount() {
        try (Stream<String> ids = liveIds()) {
            return ids.count();
        }
    }

    @Override
    public int sweep() {
        ensureOpen();
        int ended = 0;
        for (String id : registry.unlive()) {
            try {
                if (end(id, SessionEnd.TIMED_OUT)) {
                    ended++;
                }
            } catch (RuntimeException e) {
                // the claim expires, and a later sweep (here or elsewhere) takes the session up again
                // the class only: a message may quote a registry state, whose key is the client id
                LOG.log(Level.WARNING, "could not end a timed-out client session; a later sweep"
                        + " retries: " + e.getClass().getName());
            }
        }
        return ended;
    }

    @Override
    public Duration gracePeriod() {
        return grace;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (sweeper != null) {
                sweeper.shutdown();
            }
            local.clear();
        }
    }

    @Override
    public String toString() {
        return "ClientSessions{gracePeriod=" + grace + ", open here=" + local.size() + "}";
    }

    /**
     * Ends a session its holder closed. The claim comes first, so that no sweep elsewhere takes
     * the session for timed out once its liveness is gone; then the token stops resuming.
     */
    void close(DefaultClientSession session) {
        local.remove(session.id(), session);
        end(session.id(), SessionEnd.CLOSED);
    }

    /** A heartbeat found the session gone: a sweep (maybe elsewhere) ends it. */
    void endedElsewhere(DefaultClientSession session) {
        session.ended();
        local.remove(session.id(), session);
    }

    /**
     * @return whether this call ended the session: it won the claim and found the record, which
     *     a session already ended by another instance no longer has
     */
    private boolean end(String id, SessionEnd reason) {
        // a nonce per call: two ends on this instance (a close and a sweep) do not both win
        if (!registry.claim(id, nonce + "." + ResumeTokens.newId())) {
            return false;
        }
        if (reason == SessionEnd.CLOSED) {
            registry.endLiveness(id);
        }
        StoredState record = registry.storedRecord(id).orElse(null);
        if (record != null) {
            registry.dropAndForget(id, record);
        } else {
            registry.forgetClaim(id);
        }
        DefaultClientSession session = local.remove(id);
        if (session != null) {
            session.ended();
        }
        boolean announced = record != null && !SessionRegistry.isOrphan(record.value());
        if (announced) {
            tell(listener -> listener.ended(id, reason));
        }
        return announced;
    }

    private void backgroundSweep() {
        try {
            store.runtime().ensureOpen();
        } catch (IllegalStateException storeClosed) {
            close();
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the client session sweep failed; it runs again in its next"
                    + " interval: " + e.getClass().getName());
        }
    }

    private void tell(Consumer<SessionListener> event) {
        for (SessionListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a session listener threw; the session is not affected", e);
            }
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the client sessions are closed");
        }
        store.runtime().ensureOpen();
    }

    private static Duration clamp(Duration interval) {
        return interval.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP
                : interval.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : interval;
    }
}
