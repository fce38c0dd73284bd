package dev.scopedstore.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSession;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.spi.DaemonThreads;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Serves states to browsers: mount it at a path such as {@code /scoped-store/*} of any Jakarta
 * Servlet 6.0 container (it needs {@code asyncSupported}). The protocol is in docs/web.md:
 * {@code GET stream} (Server-Sent Events: every subscription of one tab), {@code POST
 * subscribe}, {@code unsubscribe}, {@code set}, {@code accumulate}, {@code delete}, and
 * {@code GET scoped-store.js}, the JavaScript client.
 *
 * <pre>{@code
 * ScopedStoreServlet servlet = ScopedStoreServlet.builder(store, sessions)
 *         .state("poll", "votes", 0, Atomic.SUM)
 *         .state("chat.$client", "draft", "")
 *         .policy(AccessPolicy.allow("poll", Operation.READ, Operation.ACCUMULATE)
 *                 .or(AccessPolicy.allow("chat.$client", Operation.READ, Operation.WRITE)))
 *         .build();
 * }</pre>
 *
 * <p>Only declared states are served, and only what the {@link AccessPolicy} allows (by default
 * nothing). Client ids are issued by the {@link ClientSessions} and carried in a signed cookie.
 */
public final class ScopedStoreServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ScopedStoreServlet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final transient Store store;
    private final transient ObjectMapper mapper = new ObjectMapper();
    private final transient Map<String, ExposedState> states;
    private final transient AccessPolicy policy;
    private final transient BrowserSessions browsers;
    private final transient CrossSiteGuard guard;
    private final transient Function<HttpServletRequest, Optional<String>> login;
    private final Duration heartbeat;
    private final Duration reconnectWindow;
    private final int maxBodyBytes;
    private final transient ConcurrentMap<String, EventStream> streams = new ConcurrentHashMap<>();
    private final transient StateRequests requests;
    private transient ScheduledExecutorService scheduler;
    /** Where streams write: a stalled browser holds one of these threads, never a listener's. */
    private transient ExecutorService writers;

    private ScopedStoreServlet(Builder b) {
        this.store = b.store;
        this.states = Map.copyOf(b.states);
        this.policy = b.policy;
        this.browsers = new BrowserSessions(b.sessions, b.secureCookie);
        this.guard = new CrossSiteGuard(b.allowedOrigins);
        this.login = b.login;
        this.heartbeat = b.heartbeat;
        this.reconnectWindow = b.reconnectWindow;
        this.maxBodyBytes = b.maxBodyBytes;
        this.requests = new StateRequests(store, mapper, this.states, policy);
    }

    /**
     * @param store the store whose states are served
     * @param sessions the client sessions on that store
     * @return a builder: no state declared, nothing allowed, heartbeat 15 s, secure cookies
     */
    public static Builder builder(Store store, ClientSessions sessions) {
        return new Builder(store, sessions);
    }

    @Override
    public void init() {
        scheduler = DaemonThreads.scheduler("scoped-store-web-heartbeat");
        writers = Executors.newCachedThreadPool(DaemonThreads.numbered("scoped-store-web-writer"));
        long millis = heartbeat.toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeatAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        streams.values().forEach(EventStream::close);
        streams.clear();
        if (writers != null) {
            writers.shutdownNow();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Objects.requireNonNullElse(request.getPathInfo(), "/");
        switch (path) {
            case "/stream" -> openStream(request, response);
            case "/scoped-store.js" -> serveScript(response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String refusal = guard.refusal(request);
        if (refusal != null) {
            StateRequests.fail(response, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        Optional<ClientSession> session = browsers.resume(request);
        if (session.isEmpty()) {
            StateRequests.fail(response, HttpServletResponse.SC_FORBIDDEN,
                    "no valid session cookie: open the stream first");
            return;
        }
        JsonNode body;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                // read what is left (within reason), so that the client gets the answer
                in.skipNBytes(Math.min(Math.max(0, request.getContentLengthLong() - bytes.length), 16L << 20));
                StateRequests.fail(response, HttpServletResponse.SC_BAD_REQUEST, "the body is larger than "
                        + maxBodyBytes + " bytes");
                return;
            }
            body = mapper.readTree(bytes);
        } catch (IOException e) {
            StateRequests.fail(response, HttpServletResponse.SC_BAD_REQUEST, "the body is not JSON");
            return;
        }
        if (body == null || !body.isObject()) {
            StateRequests.fail(response, HttpServletResponse.SC_BAD_REQUEST, "the body is not a JSON object");
            return;
        }
        String path = Objects.requireNonNullElse(request.getPathInfo(), "/");
        switch (path) {
            case "/subscribe" -> requests.subscribe(session.get(), stream(session.get(), body), body, response);
            case "/unsubscribe" -> requests.unsubscribe(stream(session.get(), body), body, response);
            case "/set" -> requests.set(session.get(), body, request.getHeader("If-Match"), response);
            case "/accumulate" -> requests.accumulate(session.get(), body, response);
            case "/delete" -> requests.delete(session.get(), body, response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private EventStream stream(ClientSession session, JsonNode body) {
        EventStream stream = streams.get(body.path("stream").asText(""));
        return stream != null && stream.session().id().equals(session.id()) ? stream : null;
    }

    private void openStream(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ClientSession> cookie = browsers.resume(request);
        Optional<String> user = login.apply(request);
        // a change of user (login, switch, logout) gets a new client session: a planted or shared
        // cookie never carries its client's states over to the user who logs in
        ClientSession session = cookie.isPresent() && user.equals(cookie.get().userId())
                ? cookie.get() : browsers.connect(request, response);
        user.ifPresent(id -> {
            if (!session.userId().map(id::equals).orElse(false)) {
                session.login(id);
            }
        });
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext connection = request.startAsync();
        connection.setTimeout(0);
        PrintWriter out = response.getWriter();
        out.write("retry: 1000\n\n");
        String[] last = EventStream.parseLastEventId(request.getHeader("Last-Event-ID"));
        EventStream stream = last == null ? null : streams.get(last[0]);
        boolean resumed = stream != null && stream.session().id().equals(session.id());
        if (!resumed) {
            stream = new EventStream(newStreamId(), session, writers);
            streams.put(stream.id(), stream);
        }
        EventStream attached = stream;
        connection.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                attached.detach(connection);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                attached.detach(connection);
            }

            @Override
            public void onError(AsyncEvent event) {
                attached.detach(connection);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        long lastSeq = resumed ? parseSeq(last[1]) : -1;
        boolean complete = stream.attach(connection, out, replayed -> {
            ObjectNode hello = mapper.createObjectNode();
            hello.put("stream", attached.id());
            hello.put("user", session.userId().orElse(null));
            hello.put("resumed", resumed);
            hello.put("replayed", replayed);
            return hello.toString();
        }, lastSeq);
        if (resumed && !complete) {
            requests.snapshots(stream);
        }
    }

    private void heartbeatAll() {
        long window = reconnectWindow.toNanos();
        for (EventStream stream : streams.values()) {
            try {
                if (stream.attached()) {
                    if (stream.ping()) {
                        stream.session().heartbeat();
                    }
                } else if (stream.detachedNanos() > window) {
                    streams.remove(stream.id(), stream);
                    stream.close();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a stream's heartbeat failed: " + e.getClass().getName());
            }
        }
    }

    private void serveScript(HttpServletResponse response) throws IOException {
        response.setContentType("text/javascript");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = ScopedStoreServlet.class.getResourceAsStream("scoped-store.js")) {
            response.getOutputStream().write(in.readAllBytes());
        }
    }

    private static long parseSeq(String seq) {
        try {
            return Long.parseLong(seq);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String newStreamId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** @return how many streams are open or waiting for their tab to reconnect */
    public int streamCount() {
        return streams.size();
    }

    /** Builds the servlet. Not thread-safe. */
    public static final class Builder {
        private final Store store;
        private final ClientSessions sessions;
        private final Map<String, ExposedState> states = new LinkedHashMap<>();
        private final ObjectMapper mapper = new ObjectMapper();
        private AccessPolicy policy = AccessPolicy.denyAll();
        private boolean secureCookie = true;
        private final Set<String> allowedOrigins = new HashSet<>();
        private Function<HttpServletRequest, Optional<String>> login = request -> Optional.empty();
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration reconnectWindow = Duration.ofSeconds(30);
        private int maxBodyBytes = 1 << 20;

        private Builder(Store store, ClientSessions sessions) {
            this.store = Objects.requireNonNull(store, "store");
            this.sessions = Objects.requireNonNull(sessions, "sessions");
        }

        /**
         * Serves a state.
         *
         * @param scope as the application writes it, e.g. {@code chat.$client}
         * @param key the key
         * @param defaultValue the value of a new state; JSON-mappable
         * @return this builder
         */
        public Builder state(String scope, String key, Object defaultValue) {
            return declare(StateOptions.key(key).scope(scope), scope, key, defaultValue);
        }

        /**
         * Serves an equation state, to which browsers may {@code accumulate}.
         *
         * @param scope as the application writes it
         * @param key the key
         * @param defaultValue the value of a new state
         * @param equation the equation's shorthand, e.g. {@link Atomic#SUM}
         * @return this builder
         */
        public Builder state(String scope, String key, Object defaultValue, Atomic equation) {
            return declare(StateOptions.key(key).scope(scope).atomic(equation), scope, key, defaultValue);
        }

        private Builder declare(StateOptions options, String scope, String key, Object defaultValue) {
            JsonNode node = defaultValue == null ? NullNode.getInstance() : mapper.valueToTree(defaultValue);
            ExposedState state = new ExposedState(scope, key, node, options);
            states.put(state.name(), state);
            return this;
        }

        /**
         * @param policy what browsers may do; default {@link AccessPolicy#denyAll()}
         * @return this builder
         */
        public Builder policy(AccessPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param secure whether the session cookie is {@code Secure} (HTTPS only); default
         *     {@code true}, turn off only for plain-HTTP development on localhost
         * @return this builder
         */
        public Builder secureCookie(boolean secure) {
            this.secureCookie = secure;
            return this;
        }

        /**
         * @param origin another origin whose pages may write, e.g. {@code https://app.example}
         * @return this builder
         */
        public Builder allowOrigin(String origin) {
            allowedOrigins.add(Objects.requireNonNull(origin, "origin"));
            return this;
        }

        /**
         * @param login the authenticated user of a request opening a stream, if any (for
         *     example from the container's principal); bound to the session as {@code $user}
         * @return this builder
         */
        public Builder login(Function<HttpServletRequest, Optional<String>> login) {
            this.login = Objects.requireNonNull(login, "login");
            return this;
        }

        /**
         * @param heartbeat how often every stream gets a comment (keeping proxies open and
         *     finding dead connections) and its session a heartbeat; default 15 s
         * @return this builder
         */
        public Builder heartbeat(Duration heartbeat) {
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
            }
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * @param window how long a dropped stream keeps its subscriptions and events for its
         *     tab to reconnect with {@code Last-Event-ID}; default 30 s
         * @return this builder
         */
        public Builder reconnectWindow(Duration window) {
            this.reconnectWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * @param bytes the largest request body accepted, before the backend's own value limit;
         *     default 1 MiB
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBodyBytes must be positive: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @return the servlet */
        public ScopedStoreServlet build() {
            return new ScopedStoreServlet(this);
        }
    }
}
