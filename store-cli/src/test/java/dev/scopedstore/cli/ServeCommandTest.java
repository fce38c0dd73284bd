package dev.scopedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code serve}: the demo over real HTTP; two servers on one backend share the votes. */
@Timeout(60)
class ServeCommandTest {
    private static final Pattern SERVING = Pattern.compile("serving the demo on (http://127\\.0\\.0\\.1:\\d+)/");

    /** A running {@code serve}: its thread, its origin, and the tool's result once interrupted. */
    private record Serving(Thread thread, String origin, AtomicReference<Cli.Run> result) {
        Cli.Run stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return result.get();
        }
    }

    private static Serving serve(String url) throws InterruptedException {
        StringWriter out = new StringWriter();
        AtomicReference<Cli.Run> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(Cli.run(cli -> { }, out, new StringWriter(),
                "--url", url, "serve", "--port", "0")), "serve");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Matcher m = SERVING.matcher("");
        while (System.nanoTime() < deadline && !(m = SERVING.matcher(out.toString())).find()) {
            Thread.sleep(20);
        }
        assertTrue(m.find(0), out::toString);
        return new Serving(thread, m.group(1), result);
    }

    @Test
    void servesTheDemoAndTwoServersShareTheVotes() throws Exception {
        String url = "shared:" + UUID.randomUUID();
        Serving one = serve(url);
        Serving two = serve(url);
        HttpClient voter = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpClient watcher = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> page = voter.send(HttpRequest.newBuilder(URI.create(one.origin() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Scoped Store demo"), page.body());
        HttpResponse<String> script = voter.send(HttpRequest.newBuilder(
                URI.create(one.origin() + "/scoped-store/scoped-store.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(script.body().contains("export function subscribe"), script.body());

        HttpResponse<InputStream> stream = watcher.send(HttpRequest.newBuilder(
                URI.create(two.origin() + "/scoped-store/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        String streamId = null;
        for (String line = events.readLine(); streamId == null; line = events.readLine()) {
            if (line.startsWith("data: {\"stream\"")) {
                streamId = line.replaceAll(".*\"stream\":\"([^\"]+)\".*", "$1");
            }
        }
        post(watcher, two.origin(), "subscribe", "{\"stream\":\"" + streamId + "\",\"scope\":\"demo.poll\",\"key\":\"votes\"}");
        // the voter's session cookie comes with its stream
        HttpResponse<InputStream> voterStream = voter.send(HttpRequest.newBuilder(
                URI.create(one.origin() + "/scoped-store/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, post(voter, one.origin(), "accumulate", "{\"scope\":\"demo.poll\",\"key\":\"votes\",\"value\":1}"));
        String seen = "";
        while (!seen.contains("\"value\":1")) {
            seen = events.readLine();
        }
        stream.body().close();
        voterStream.body().close();
        for (Serving serving : new Serving[] {one, two}) {
            Cli.Run run = serving.stop();
            assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        }
    }

    private static int post(HttpClient client, String origin, String what, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(origin + "/scoped-store/" + what))
                .header("Content-Type", "application/json").header("X-Scoped-Store", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
