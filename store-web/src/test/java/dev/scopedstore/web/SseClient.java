package dev.scopedstore.web;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A browser stand-in over real HTTP: one cookie jar (one client), an event stream read line by
 * line as an {@code EventSource} would, and the JavaScript client's POSTs.
 */
final class SseClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http;
    private final String origin;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private CompletableFuture<HttpResponse<Stream<String>>> stream;
    String streamId;
    String lastEventId;

    SseClient(String origin) {
        this.origin = origin;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    /** One event: its id (or null), type and data; a comment has type ":". */
    record Event(String id, String type, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Opens the stream, sending {@code Last-Event-ID} if given, and waits for its hello. */
    JsonNode open(String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + "/scoped-store/stream"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        stream = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(response -> {
            String[] current = new String[3];
            response.body().forEach(line -> {
                if (line.isEmpty()) {
                    if (current[1] != null || current[2] != null) {
                        events.add(new Event(current[0], current[1] == null ? "message" : current[1], current[2]));
                    }
                    current[0] = current[1] = current[2] = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, ":", line));
                } else if (line.startsWith("id: ")) {
                    current[0] = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    current[1] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    current[2] = line.substring(6);
                }
            });
        });
        Event hello = next("hello");
        streamId = hello.json().path("stream").asText();
        return hello.json();
    }

    /** @return the next event of that type (others are skipped), within 5 s */
    Event next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.type().equals(type)) {
                if (e.id() != null) {
                    lastEventId = e.id();
                }
                return e;
            }
        }
        assertNotNull(null, "no " + type + " event within 5 s");
        return null;
    }

    /** @return the next state event's JSON */
    JsonNode nextState() throws InterruptedException {
        return next("state").json();
    }

    /** @return whether any state event arrives within the time */
    boolean anyState(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.type().equals("state")) {
                return true;
            }
        }
        return false;
    }

    /** Drops the connection, as a tab losing its network does. */
    void drop() {
        if (stream != null) {
            stream.cancel(true);
            stream.thenAccept(r -> r.body().close());
        }
        events.clear();
    }

    /** POSTs a JSON body as the JavaScript client does. */
    HttpResponse<String> post(String what, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + "/scoped-store/" + what))
                .header("Content-Type", "application/json").header("X-Scoped-Store", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        drop();
    }
}
