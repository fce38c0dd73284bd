package dev.scopedstore.web;

import dev.scopedstore.Subscription;
import dev.scopedstore.session.ClientSession;
import jakarta.servlet.AsyncContext;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Server-Sent Events stream of one browser tab, carrying every subscription of that tab.
 * Events are numbered; the last {@value #KEPT} are kept, so that a reconnecting
 * {@code EventSource} that sends {@code Last-Event-ID} gets only what it missed. Nobody blocks
 * on the browser: events queue, and one writer task at a time (on the servlet's writer
 * executor) sends them; a connection that falls {@value #KEPT} events behind is let go, to
 * reconnect and catch up from what is kept or from snapshots. While no connection is attached
 * events are kept, not sent.
 */
final class EventStream {
    /** How many past events a stream keeps for a reconnect, and how far a connection may lag. */
    static final int KEPT = 512;

    private final String id;
    private final ClientSession session;
    private final Executor writer;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Deque<Event> kept = new ArrayDeque<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private long seq;
    private boolean draining;
    private boolean closed;
    private AsyncContext connection;
    private PrintWriter out;
    private long detachedAtNanos = System.nanoTime();

    EventStream(String id, ClientSession session, Executor writer) {
        this.id = id;
        this.session = session;
        this.writer = writer;
    }

    String id() {
        return id;
    }

    ClientSession session() {
        return session;
    }

    /** @return the names of the states this stream is subscribed to */
    List<String> subscribed() {
        return List.copyOf(subscriptions.keySet());
    }

    /**
     * Subscribes once per state name.
     *
     * @return whether the stream is still open (a closed one subscribes nothing)
     */
    synchronized boolean subscribe(String name, Supplier<Subscription> subscribe) {
        if (closed) {
            return false;
        }
        subscriptions.computeIfAbsent(name, n -> subscribe.get());
        return true;
    }

    void unsubscribe(String name) {
        Subscription gone = subscriptions.remove(name);
        if (gone != null) {
            gone.close();
        }
    }

    /**
     * Attaches a connection and queues the {@code hello} event, then what it missed after
     * {@code lastSeq}, before any other event.
     *
     * @param hello the {@code hello} event's data, given whether the replay is complete
     * @param lastSeq the last event the browser saw, or {@code -1} for none
     * @return whether every missed event was still kept (else the caller sends snapshots)
     */
    synchronized boolean attach(AsyncContext connection, PrintWriter out, Function<Boolean, String> hello,
                                long lastSeq) {
        detachNow();
        this.connection = connection;
        this.out = out;
        pending.clear();
        boolean complete = lastSeq >= 0 && lastSeq <= seq
                && (kept.isEmpty() || kept.peekFirst().seq() <= lastSeq + 1);
        pending.add("event: hello\ndata: " + hello.apply(complete) + "\n\n");
        if (complete) {
            for (Event e : kept) {
                if (e.seq() > lastSeq) {
                    pending.add(e.text());
                }
            }
        }
        drainLater();
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
        queue(text);
    }

    /** @return whether a connection is attached to take the comment */
    synchronized boolean ping() {
        queue(": ping\n\n");
        return out != null;
    }

    synchronized boolean attached() {
        return out != null;
    }

    /** @return nanoseconds since the last connection went, or 0 while one is attached */
    synchronized long detachedNanos() {
        return out == null ? System.nanoTime() - detachedAtNanos : 0;
    }

    /** Lets the connection go (the browser went, or another connection takes over). */
    synchronized void detach(AsyncContext which) {
        if (which == null || which == connection) {
            detachNow();
        }
    }

    /** Ends the stream: its subscriptions and its connection; it subscribes nothing after. */
    void close() {
        synchronized (this) {
            closed = true;
            detachNow();
        }
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
    }

    private void queue(String text) {
        if (out == null) {
            return;
        }
        if (pending.size() >= KEPT) {
            detachNow();   // too far behind: it reconnects and catches up
            return;
        }
        pending.add(text);
        drainLater();
    }

    private void drainLater() {
        if (!draining) {
            draining = true;
            writer.execute(this::drain);
        }
    }

    /** The one writer of this stream at a time: writes outside the lock, so nobody waits on I/O. */
    private void drain() {
        while (true) {
            PrintWriter target;
            List<String> batch;
            synchronized (this) {
                if (pending.isEmpty() || out == null) {
                    draining = false;
                    return;
                }
                target = out;
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            for (String text : batch) {
                target.write(text);
            }
            target.flush();
            if (target.checkError()) {
                synchronized (this) {
                    if (out == target) {
                        detachNow();
                    }
                }
            }
        }
    }

    private void detachNow() {
        if (connection != null) {
            AsyncContext c = connection;
            connection = null;
            out = null;
            pending.clear();
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
