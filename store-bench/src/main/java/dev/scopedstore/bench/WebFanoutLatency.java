package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.web.DemoPage;
import dev.scopedstore.web.ScopedStoreServlet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Many browsers on one memory store, through {@code store-web} on embedded Jetty over loopback:
 * {@code bench.streams} Server-Sent Events streams (each its own client session) all watch the
 * demo's poll; per round one {@code State.set} of it, and the latency until each stream has the
 * event. Also the heap per open stream (server and these clients share the JVM, so an upper
 * bound) and one write's latency through the servlet ({@code POST set}) next to
 * {@code State.set} on the same store. Not JMH: what is measured is a time until the last
 * delivery.
 *
 * <pre>{@code
 * java -Xmx2g -Dbench.streams=1000 -Dbench.rounds=5 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.WebFanoutLatency
 * }</pre>
 */
public final class WebFanoutLatency {
    private WebFanoutLatency() {
    }

    /**
     * @param args ignored; {@code bench.streams} [1000], {@code bench.rounds} [5],
     *     {@code bench.writes} [2000]
     * @throws Exception if the server or a client fails
     */
    public static void main(String[] args) throws Exception {
        int streams = Integer.getInteger("bench.streams", 1_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int writes = Integer.getInteger("bench.writes", 2_000);
        try (Store store = Store.open("memory:"); ClientSessions sessions = ClientSessions.builder(store).build()) {
            Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
            ServletContextHandler context = new ServletContextHandler();
            ServletHolder holder = new ServletHolder(DemoPage.configure(ScopedStoreServlet.builder(store, sessions))
                    .secureCookie(false).build());
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/scoped-store/*");
            server.setHandler(context);
            server.start();
            String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                    + "/scoped-store/";
            try {
                run(store, base, streams, rounds, writes);
            } finally {
                server.stop();
            }
        }
    }

    private static void run(Store store, String base, int streams, int rounds, int writes) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long heapBefore = usedHeap();
        AtomicLongArray arrived = new AtomicLongArray(streams);
        AtomicReference<CountDownLatch> round = new AtomicReference<>(new CountDownLatch(streams));
        AtomicReference<String> expected = new AtomicReference<>("\"value\":0");
        String[] cookies = new String[streams];
        String[] ids = new String[streams];
        CountDownLatch hellos = new CountDownLatch(streams);
        for (int i = 0; i < streams; i++) {
            int index = i;
            // the handler sees the headers (the session cookie) before the endless body
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "stream")).build(), info -> {
                cookies[index] = info.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(line -> {
                        if (ids[index] == null && line.startsWith("data: {\"stream\"")) {
                            ids[index] = line.replaceAll(".*\"stream\":\"([^\"]+)\".*", "$1");
                            hellos.countDown();
                        } else if (line.startsWith("data: ") && line.contains(expected.get())) {
                            if (arrived.compareAndSet(index, 0, System.nanoTime())) {
                                round.get().countDown();
                            }
                        }
                }));
            });
        }
        hellos.await(30, TimeUnit.SECONDS);
        List<CompletableFuture<HttpResponse<Void>>> subscribed = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            subscribed.add(http.sendAsync(post(base, "subscribe", cookies[i],
                    "{\"stream\":\"" + ids[i] + "\",\"scope\":\"demo.poll\",\"key\":\"votes\"}"),
                    HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<HttpResponse<Void>> s : subscribed) {
            s.get(30, TimeUnit.SECONDS);
        }
        round.get().await(30, TimeUnit.SECONDS);   // every snapshot arrived
        System.gc();
        long heapAfter = usedHeap();
        System.out.printf(Locale.ROOT, "%d streams open and subscribed; heap %.1f KiB per stream (server and clients)%n",
                streams, (heapAfter - heapBefore) / 1024.0 / streams);
        State<Long> votes = store.with(dev.scopedstore.ScopeContext.empty())
                .createState(0L, dev.scopedstore.StateOptions.key("votes").scope("demo.poll")
                        .atomic(dev.scopedstore.Atomic.SUM));
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < streams; i++) {
                arrived.set(i, 0);
            }
            long value = 1_000L * r;
            expected.set("\"value\":" + value + ",");
            round.set(new CountDownLatch(streams));
            long start = System.nanoTime();
            votes.set(value);
            boolean all = round.get().await(30, TimeUnit.SECONDS);
            long[] millis = new long[streams];
            for (int i = 0; i < streams; i++) {
                long at = arrived.get(i);
                millis[i] = at == 0 ? Long.MAX_VALUE : (at - start) / 1_000;
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "round %d: %s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", r,
                    all ? "all arrived" : "MISSING", millis[streams / 2] / 1e3, millis[streams * 99 / 100] / 1e3,
                    millis[streams - 1] / 1e3);
        }
        long servlet = 0;
        long direct = 0;
        State<String> draft = store.with(dev.scopedstore.ScopeContext.empty().withClient("bench"))
                .createState("", dev.scopedstore.StateOptions.key("draft").scope("demo.$client"));
        for (int pass = 0; pass < 2; pass++) {   // the first pass warms up
            servlet = 0;
            direct = 0;
            for (int i = 0; i < writes; i++) {
                long t0 = System.nanoTime();
                http.send(post(base, "set", cookies[0], "{\"scope\":\"demo.$client\",\"key\":\"draft\",\"value\":\"v" + i + "\"}"),
                        HttpResponse.BodyHandlers.discarding());
                long t1 = System.nanoTime();
                draft.set("v" + i);
                long t2 = System.nanoTime();
                servlet += t1 - t0;
                direct += t2 - t1;
            }
        }
        System.out.printf(Locale.ROOT, "one write: POST set %.1f µs, State.set %.2f µs (%d each)%n",
                servlet / 1e3 / writes, direct / 1e3 / writes, writes);
    }

    private static HttpRequest post(String base, String what, String cookie, String json) {
        return HttpRequest.newBuilder(URI.create(base + what)).header("Cookie", cookie)
                .header("Content-Type", "application/json").header("X-Scoped-Store", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Hands every line to a callback, asking for more as it goes. */
    private static final class Lines implements Flow.Subscriber<String> {
        private final java.util.function.Consumer<String> onLine;
        private Flow.Subscription subscription;

        Lines(java.util.function.Consumer<String> onLine) {
            this.onLine = onLine;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            onLine.accept(line);
        }

        @Override
        public void onError(Throwable e) {
        }

        @Override
        public void onComplete() {
        }
    }
}
