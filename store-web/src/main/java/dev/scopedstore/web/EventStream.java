package dev.scopedstore.web;

import dev.scopedstore.Subscription;
import dev.scopedstore.session.ClientSession;
import jakarta.servlet.AsyncContext;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Server-Sent Events stream of one browser tab, carrying every subscription of that tab.
 * Events are numbered; the last {@value #KEPT} are kept, so that a reconnecting
 * {@code EventSource} that sends {@code Last-Event-ID} gets only what it missed. While no
 * connection is attached (between a drop and the reconnect) events are kept, not sent.
 */
final class EventStream {
    /** How many past events a stream keeps for a reconnect. */
    static final int KEPT = 512;

    private final String id;
    private final ClientSession session;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Deque<Event> kept = new ArrayDeque<>();
    private long seq;
    private AsyncContext connection;
    private PrintWriter out;
    private long detachedAtNanos = System.nanoTime();

    EventStream(String id, ClientSession session) {
        this.id = id;
        this.session = session;
    }

    String id() {
        return id;
    }

    ClientSession session() {
        return session;
    }

    /** @return the subscriptions by state name; the servlet adds and removes them */
    Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    /**
     * Attaches a connection, sends it the {@code hello} event, then what it missed after
     * {@code lastSeq}, all before any other event can reach it.
     *
     * @param hello the {@code hello} event's data, given whether the replay is complete
     * @param lastSeq the last event the browser saw, or {@code -1} for none
     * @return whether every missed event was still kept (else the caller sends snapshots)
     */
    synchronized boolean attach(AsyncContext connection, PrintWriter out,
                                java.util.function.Function<Boolean, String> hello, long lastSeq) {
        detachNow();
        this.connection = connection;
        this.out = out;
        boolean complete = lastSeq >= 0 && lastSeq <= seq
                && (kept.isEmpty() || kept.peekFirst().seq() <= lastSeq + 1);
        write("event: hello\ndata: " + hello.apply(complete) + "\n\n");
        if (complete) {
            for (Event e : kept) {
                if (e.seq() > lastSeq) {
                    write(e.text());
                }
            }
        }
        flush();
        return complete;
    }

    /** Sends one {@code state} event (or keeps it while detached). */
    synchronized void send(String json) {
        seq++;
        String text = "id: " + id + ":" + seq + "\nevent: state\ndata: " + json + "\n\n";
        kept.addLast(new Event(seq, text));
        if (kept.size() > KEPT) {
            kept.removeFirst();
        }
        write(text);
        flush();
    }

    /** @return whether the comment reached the connection (a dead one is detached) */
    synchronized boolean ping() {
        if (out == null) {
            return false;
        }
        write(": ping\n\n");
        flush();
        return out != null;
    }

    synchronized boolean attached() {
        return out != null;
    }

    /** @return nanoseconds since the last connection went, or 0 while one is attached */
    synchronized long detachedNanos() {
        return out == null ? System.nanoTime() - detachedAtNanos : 0;
    }

    /** Lets the current connection go (the browser went, or another connection takes over). */
    synchronized void detach(AsyncContext which) {
        if (which == null || which == connection) {
            detachNow();
        }
    }

    /** Ends the stream: its subscriptions and its connection. */
    void close() {
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
        detach(null);
    }

    private void write(String text) {
        if (out != null) {
            out.write(text);
        }
    }

    private void flush() {
        if (out != null) {
            out.flush();
            if (out.checkError()) {
                detachNow();
            }
        }
    }

    private void detachNow() {
        if (connection != null) {
            AsyncContext c = connection;
            connection = null;
            out = null;
            detachedAtNanos = System.nanoTime();
            try {
                c.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container ended it first
            }
        }
    }

    @Override
    public String toString() {
        return "EventStream{subscriptions=" + subscriptions.size() + ", attached=" + attached() + "}";
    }

    private record Event(long seq, String text) {
    }

    /** @return a stream id's and a sequence's parts of a {@code Last-Event-ID}, or null */
    static String[] parseLastEventId(String header) {
        if (header == null) {
            return null;
        }
        int colon = header.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {header.substring(0, colon), header.substring(colon + 1)};
    }
}
