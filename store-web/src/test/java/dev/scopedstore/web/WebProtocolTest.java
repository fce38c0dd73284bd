package dev.scopedstore.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSessions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The protocol over real HTTP on loopback: Jetty 12 on a free port, a memory store. */
@Timeout(60)
class WebProtocolTest {
    private Store store;
    private ClientSessions sessions;
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        store = Store.open("memory:");
        sessions = ClientSessions.builder(store).build();
        ScopedStoreServlet servlet = DemoPage.configure(ScopedStoreServlet.builder(store, sessions))
                .state("demo.admin", "secret", "s3cret")
                .state("demo.poll", "plain", 0)
                .state("demo.poll", "big", "")
                .secureCookie(false).heartbeat(Duration.ofMillis(200)).build();
        server = WebServer.start(servlet);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        sessions.close();
        store.close();
    }

    private SseClient browser() {
        return new SseClient(server.origin());
    }

    private static String state(String scope, String key, String more) {
        return "{\"scope\":\"" + scope + "\",\"key\":\"" + key + "\"" + more + "}";
    }

    private List<String> stored() {
        try (Stream<StateEntry> all = store.states(ScopeQuery.nested("demo"))) {
            return all.map(e -> e.id().scope().canonical() + "/" + e.id().key() + "=" + e.value()).toList();
        }
    }

    @Test
    @DisplayName("one stream carries a subscription's snapshot and every change, also another client's")
    void streamEvents() throws Exception {
        try (SseClient alice = browser(); SseClient bob = browser()) {
            alice.open(null);
            bob.open(null);
            assertEquals(204, alice.post("subscribe", state("demo.poll", "votes", ",\"stream\":\"" + alice.streamId + "\"")).statusCode());
            JsonNode snapshot = alice.nextState();
            assertEquals("demo.poll/votes", snapshot.path("name").asText());
            assertEquals(0, snapshot.path("value").asLong());
            HttpResponse<String> vote = bob.post("accumulate", state("demo.poll", "votes", ",\"value\":1"));
            assertEquals(200, vote.statusCode(), vote.body());
            JsonNode change = alice.nextState();
            assertEquals(1, change.path("value").asLong());
            assertTrue(change.path("version").asLong() > snapshot.path("version").asLong());
        }
    }

    @Test
    @DisplayName("after unsubscribe the stream carries no more changes of that state")
    void unsubscribe() throws Exception {
        try (SseClient tab = browser(); SseClient other = browser()) {
            tab.open(null);
            other.open(null);
            String votes = state("demo.poll", "votes", ",\"stream\":\"" + tab.streamId + "\"");
            tab.post("subscribe", votes);
            tab.nextState();
            assertEquals(204, tab.post("unsubscribe", votes).statusCode());
            other.post("accumulate", state("demo.poll", "votes", ",\"value\":1"));
            assertFalse(tab.anyState(Duration.ofMillis(300)), "no change after unsubscribe");
            tab.post("subscribe", votes);
            assertEquals(1, tab.nextState().path("value").asLong(), "a new subscription starts with a snapshot");
        }
    }

    @Test
    @DisplayName("a reconnect with Last-Event-ID gets only what it missed, on the same stream")
    void resumeWithLastEventId() throws Exception {
        try (SseClient tab = browser(); SseClient other = browser()) {
            tab.open(null);
            other.open(null);
            tab.post("subscribe", state("demo.poll", "votes", ",\"stream\":\"" + tab.streamId + "\""));
            tab.nextState();
            other.post("accumulate", state("demo.poll", "votes", ",\"value\":1"));
            assertEquals(1, tab.nextState().path("value").asLong());
            String seen = tab.lastEventId;
            String stream = tab.streamId;
            tab.drop();
            other.post("accumulate", state("demo.poll", "votes", ",\"value\":10"));
            JsonNode hello = tab.open(seen);
            assertTrue(hello.path("resumed").asBoolean(), hello.toString());
            assertEquals(stream, tab.streamId);
            assertEquals(11, tab.nextState().path("value").asLong(), "the missed change");
            assertFalse(tab.anyState(Duration.ofMillis(300)), "and nothing it had seen");
        }
    }

    @Test
    @DisplayName("an unknown Last-Event-ID opens a fresh stream")
    void unknownLastEventId() throws Exception {
        try (SseClient tab = browser()) {
            JsonNode hello = tab.open("nosuchstream:7");
            assertFalse(hello.path("resumed").asBoolean());
        }
    }

    @Test
    @DisplayName("sends a comment heartbeat while the stream is open")
    void heartbeat() throws Exception {
        try (SseClient tab = browser()) {
            tab.open(null);
            assertTrue(tab.next(":").data().startsWith(": ping"));
        }
    }

    @Test
    @DisplayName("a stale If-Match is 412 with the current version and value, and writes nothing")
    void conflict() throws Exception {
        try (SseClient tab = browser()) {
            tab.open(null);
            HttpResponse<String> first = tab.post("set", state("demo.$client", "draft", ",\"value\":\"one\""));
            assertEquals(200, first.statusCode(), first.body());
            long version = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.body()).path("version").asLong();
            tab.post("set", state("demo.$client", "draft", ",\"value\":\"two\""));
            HttpResponse<String> stale = tab.post("set", state("demo.$client", "draft", ",\"value\":\"three\""),
                    "If-Match", "\"" + version + "\"");
            assertEquals(412, stale.statusCode());
            assertTrue(stale.body().contains("\"two\"") && stale.body().contains("\"version\":" + (version + 1)), stale.body());
            assertTrue(stored().stream().anyMatch(s -> s.endsWith("/draft=\"two\"")), stored().toString());
        }
    }

    @Test
    @DisplayName("every operation the policy refuses is 403, and nothing is read or written")
    void forbidden() throws Exception {
        try (SseClient tab = browser()) {
            tab.open(null);
            String admin = state("demo.admin", "secret", ",\"value\":\"x\",\"stream\":\"" + tab.streamId + "\"");
            for (String op : List.of("subscribe", "set", "accumulate", "delete")) {
                HttpResponse<String> refused = tab.post(op, admin);
                assertEquals(403, refused.statusCode(), op + ": " + refused.body());
            }
            assertEquals(403, tab.post("set", state("demo.poll", "votes", ",\"value\":5")).statusCode(), "write of a read-and-accumulate state");
            assertEquals(403, tab.post("delete", state("demo.poll", "votes", "")).statusCode());
            assertFalse(tab.anyState(Duration.ofMillis(200)), "no event of a refused subscription");
            assertEquals(List.of(), stored(), "nothing created");
        }
    }

    @Test
    @DisplayName("malformed JSON, unknown states, a resolved client scope and bad values are 400 with one line, nothing written")
    void badInput() throws Exception {
        try (SseClient tab = browser()) {
            tab.open(null);
            List<String> bodies = List.of("{not json", "[1,2]", state("demo.nope", "x", ",\"value\":1"),
                    state("demo.$client~someoneelse", "draft", ",\"value\":\"x\""),
                    state("demo.$client", "draft", ""),
                    state("demo.$client", "draft", ",\"value\":\"" + "x".repeat(2_000_000) + "\""));
            for (String body : bodies) {
                HttpResponse<String> response = tab.post("set", body);
                assertEquals(400, response.statusCode(), body.length() > 80 ? body.substring(0, 80) : body);
                assertEquals(1, response.body().strip().lines().count(), response.body());
            }
            assertEquals(400, tab.post("accumulate", state("demo.poll", "plain", ",\"value\":1")).statusCode(),
                    "accumulate on a state without an equation");
            assertEquals(List.of(), stored());
        }
    }

    @Test
    @DisplayName("a login gets a new client session: a planted anonymous cookie carries nothing over to the user")
    void loginRotatesTheSession() throws Exception {
        try (SseClient tab = browser()) {
            JsonNode anonymous = tab.open(null);
            assertTrue(anonymous.path("user").isNull());
            tab.post("set", state("demo.$client", "draft", ",\"value\":\"planted\""));
            tab.drop();
            java.net.HttpCookie user = new java.net.HttpCookie("demo-user", "alice");
            user.setPath("/");
            ((java.net.CookieManager) tab.http.cookieHandler().orElseThrow()).getCookieStore()
                    .add(URI.create(server.origin()), user);
            JsonNode loggedIn = tab.open(null);
            assertEquals("alice", loggedIn.path("user").asText());
            tab.post("subscribe", state("demo.$client", "draft", ",\"stream\":\"" + tab.streamId + "\""));
            assertEquals("", tab.nextState().path("value").asText(), "a new client: not the planted draft");
            assertEquals(200, tab.post("set", state("demo.$user", "theme", ",\"value\":\"dark\"")).statusCode());
            assertTrue(stored().contains("demo.$user~alice/theme=\"dark\""), stored().toString());
        }
    }

    @Test
    @DisplayName("a browser that stops reading is let go and delays nobody else")
    void aStalledBrowserDelaysNobody() throws Exception {
        String big = "\"" + "x".repeat(20_000) + "\"";
        try (SseClient healthy = browser(); SseClient writer = browser()) {
            java.net.http.HttpClient stalled = java.net.http.HttpClient.newBuilder()
                    .cookieHandler(new java.net.CookieManager()).build();
            // reads the hello, then never asks for more: the server's socket fills up
            java.util.concurrent.CountDownLatch hello = new java.util.concurrent.CountDownLatch(1);
            String[] streamId = new String[1];
            stalled.sendAsync(HttpRequest.newBuilder(URI.create(server.origin() + "/scoped-store/stream")).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
                        private java.util.concurrent.Flow.Subscription subscription;

                        @Override
                        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                            subscription = s;
                            s.request(6);
                        }

                        @Override
                        public void onNext(String line) {
                            if (line.startsWith("data: {\"stream\"")) {
                                streamId[0] = line.replaceAll(".*\"stream\":\"([^\"]+)\".*", "$1");
                                hello.countDown();
                            }
                        }

                        @Override
                        public void onError(Throwable e) {
                        }

                        @Override
                        public void onComplete() {
                        }
                    }));
            assertTrue(hello.await(5, java.util.concurrent.TimeUnit.SECONDS));
            HttpRequest subscribe = HttpRequest.newBuilder(URI.create(server.origin() + "/scoped-store/subscribe"))
                    .header("Content-Type", "application/json").header("X-Scoped-Store", "1")
                    .POST(HttpRequest.BodyPublishers.ofString(state("demo.poll", "big",
                            ",\"stream\":\"" + streamId[0] + "\""))).build();
            assertEquals(204, stalled.send(subscribe, HttpResponse.BodyHandlers.discarding()).statusCode());
            healthy.open(null);
            healthy.post("subscribe", state("demo.poll", "votes", ",\"stream\":\"" + healthy.streamId + "\""));
            healthy.nextState();
            writer.open(null);
            for (int i = 0; i < 1_000; i++) {
                store.createState("", dev.scopedstore.StateOptions.key("big").scope("demo.poll")).set(i + big);
            }
            long start = System.nanoTime();
            writer.post("accumulate", state("demo.poll", "votes", ",\"value\":1"));
            assertEquals(1, healthy.nextState().path("value").asLong());
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(2),
                    "the healthy browser's event waited for the stalled one");
        }
    }

    @Test
    @DisplayName("a forged or foreign cookie writes nothing and never reaches another client's scope")
    void forgedCookies() throws Exception {
        try (SseClient alice = browser()) {
            alice.open(null);
            alice.post("set", state("demo.$client", "draft", ",\"value\":\"alice's\""));
            HttpRequest forged = HttpRequest.newBuilder(URI.create(server.origin() + "/scoped-store/set"))
                    .header("Content-Type", "application/json").header("X-Scoped-Store", "1")
                    .header("Cookie", BrowserSessions.COOKIE + "=v1.AAAAAAAAAAAAAAAAAAAAAA.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                    .POST(HttpRequest.BodyPublishers.ofString(state("demo.$client", "draft", ",\"value\":\"evil\""))).build();
            assertEquals(403, java.net.http.HttpClient.newHttpClient().send(forged, HttpResponse.BodyHandlers.ofString()).statusCode());
            try (SseClient stranger = browser()) {
                stranger.open(null);
                stranger.post("subscribe", state("demo.$client", "draft", ",\"stream\":\"" + stranger.streamId + "\""));
                assertEquals("", stranger.nextState().path("value").asText(), "its own draft, not alice's");
                assertEquals(400, stranger.post("subscribe", state("demo.$client", "draft",
                        ",\"stream\":\"" + alice.streamId + "\"")).statusCode(), "another client's stream");
            }
            assertTrue(stored().stream().noneMatch(s -> s.contains("evil")), stored().toString());
        }
    }

    @Test
    @DisplayName("a cross-site POST is refused: no custom header, a foreign Origin, Sec-Fetch-Site cross-site")
    void crossSite() throws Exception {
        try (SseClient tab = browser()) {
            tab.open(null);
            String vote = state("demo.poll", "votes", ",\"value\":1");
            HttpRequest noHeader = HttpRequest.newBuilder(URI.create(server.origin() + "/scoped-store/accumulate"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(vote)).build();
            assertEquals(403, tab.http.send(noHeader, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(403, tab.post("accumulate", vote, "Origin", "http://evil.example").statusCode());
            assertEquals(403, tab.post("accumulate", vote, "Sec-Fetch-Site", "cross-site").statusCode());
            assertEquals(200, tab.post("accumulate", vote, "Origin", server.origin()).statusCode(), "its own origin");
            assertEquals(List.of("demo.poll/votes=1"), stored(), "only the same-site vote counted");
        }
    }

    @Test
    @DisplayName("the session cookie is HttpOnly and SameSite=Lax, and a second stream of the same browser keeps its client")
    void cookie() throws Exception {
        try (SseClient tab = browser()) {
            HttpResponse<Void> first = tab.http.send(HttpRequest.newBuilder(URI.create(server.origin() + "/scoped-store/scoped-store.js")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, first.statusCode());
            tab.open(null);
            String one = tab.streamId;
            tab.post("set", state("demo.$client", "draft", ",\"value\":\"kept\""));
            tab.drop();
            tab.open(null);
            assertNotEquals(one, tab.streamId, "a new stream");
            tab.post("subscribe", state("demo.$client", "draft", ",\"stream\":\"" + tab.streamId + "\""));
            assertEquals("kept", tab.nextState().path("value").asText(), "the same client's draft");
        }
        HttpResponse<java.io.InputStream> stream = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.origin() + "/scoped-store/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        stream.body().close();
        String setCookie = stream.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
    }
}
