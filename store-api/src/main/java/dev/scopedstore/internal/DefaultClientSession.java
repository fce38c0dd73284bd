package dev.scopedstore.internal;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import dev.scopedstore.session.ClientSession;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client session on this instance, and the observer of its views: before a state is
 * created in a scope holding this client, the scope (cut after the client's segment, so one
 * entry covers everything nested under it) is added to the session's record, once per scope and
 * instance.
 */
final class DefaultClientSession implements ClientSession, ViewObserver {
    private final DefaultClientSessions sessions;
    private final DefaultStore root;
    private final String id;
    private final String token;
    private final long issuedAtMillis;
    /** The canonical segment {@code $client} resolves to; base64url ids need no escaping. */
    private final String clientSegment;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile String userId;
    private final AtomicBoolean open = new AtomicBoolean(true);

    DefaultClientSession(DefaultClientSessions sessions, DefaultStore root, String id, String token,
                         long issuedAtMillis, String userId) {
        this.sessions = sessions;
        this.root = root;
        this.id = id;
        this.token = token;
        this.issuedAtMillis = issuedAtMillis;
        this.clientSegment = "$client~" + id;
        this.userId = userId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String resumeToken() {
        return token;
    }

    @Override
    public Instant issuedAt() {
        return Instant.ofEpochMilli(issuedAtMillis);
    }

    @Override
    public Store store() {
        ensureOpen();
        ScopeContext context = root.context().withClient(id);
        String user = userId;
        return root.observedView(user == null ? context : context.withUser(user), this);
    }

    @Override
    public Store withComponent(String componentKey) {
        Store view = store();
        return view.with(view.context().withComponent(componentKey));
    }

    @Override
    public void login(String userId) {
        Objects.requireNonNull(userId, "userId");
        ScopeContext.empty().withUser(userId);   // the context's checks, before any I/O
        ensureOpen();
        sessions.registry().recordUser(id, userId);
        this.userId = userId;
    }

    @Override
    public void logout() {
        ensureOpen();
        sessions.registry().recordUser(id, null);
        this.userId = null;
    }

    @Override
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    @Override
    public boolean heartbeat() {
        if (!open.get()) {
            return false;
        }
        if (sessions.registry().touch(id)) {
            return true;
        }
        sessions.endedElsewhere(this);
        return false;
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        if (open.get()) {
            ended();
            sessions.close(this);
        }
    }

    /** Marks the session ended here and closes the subscriptions its views made. */
    void ended() {
        open.set(false);
        for (Subscription subscription : List.copyOf(subscriptions)) {
            subscription.close();
        }
    }

    @Override
    public void creating(Scope scope) {
        ensureOpen();
        Scope clientScope = clientScopeOf(scope);
        if (clientScope != null && !recorded.contains(clientScope.canonical())) {
            sessions.registry().recordScope(id, clientScope);
            recorded.add(clientScope.canonical());
        }
    }

    @Override
    public Subscription subscribed(Subscription subscription) {
        Subscription tracked = new Subscription() {
            @Override
            public void close() {
                subscriptions.remove(this);
                subscription.close();
            }
        };
        subscriptions.add(tracked);
        if (!open.get()) {
            tracked.close();
            ensureOpen();
        }
        return tracked;
    }

    @Override
    public ViewObserver forContext(ScopeContext context) {
        return context.clientId().filter(id::equals).isPresent() ? this : ViewObserver.NONE;
    }

    /** @return the outermost ancestor of {@code scope} ending in this client's segment, if any */
    private Scope clientScopeOf(Scope scope) {
        Scope outermost = null;
        for (Scope s = scope; s != null; s = s.parent()) {
            String canonical = s.canonical();
            if (canonical.endsWith(clientSegment) && (canonical.length() == clientSegment.length()
                    || canonical.charAt(canonical.length() - clientSegment.length() - 1) == '.')) {
                outermost = s;
            }
        }
        return outermost;
    }

    private void ensureOpen() {
        if (!open.get()) {
            throw new IllegalStateException("the client session has ended; connect afresh");
        }
    }

    @Override
    public String toString() {
        return "ClientSession{issuedAt=" + issuedAt() + ", user=" + (userId == null ? "none" : "bound")
                + ", open=" + open.get() + "}";
    }
}
