package dev.scopedstore.spi;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a store starts for itself: daemons, so that a store left open never keeps the JVM
 * alive, named {@code scoped-store-…} so that a thread dump tells whose they are.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * @param name every thread's name
     * @return a factory of daemon threads with that name
     */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * @param prefix the names' start
     * @return a factory of daemon threads named {@code prefix-1}, {@code prefix-2}, …
     */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> named(prefix + "-" + n.incrementAndGet()).newThread(task);
    }

    /**
     * @param name the thread's name
     * @return a single-thread scheduler on a daemon thread; shut it down when done
     */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }
}
