package dev.scopedstore.bench;

import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Heap bytes per state of the memory backend beyond the key and the value themselves: fills a
 * store with 1,000,000 small states ({@code Integer} values, keys {@code k0…k999999}, 1,000 per
 * scope) and compares the stable used heap with a baseline holding the same key strings and
 * {@code Integer}s in arrays. A stored {@code Integer} is a Jackson {@code IntNode}, the same
 * 16 bytes as the {@code Integer} of the baseline. Not a JMH benchmark.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -Xms4g -Xmx4g -Dheap.histogram=15 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.HeapPerState
 * }</pre>
 *
 * System properties: {@code heap.states} [1000000], {@code heap.perScope} [1000],
 * {@code heap.histogram} top lines of a class histogram of the filled heap [0: none].
 */
public final class HeapPerState {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapPerState() {
    }

    /**
     * @param args ignored; see the class javadoc for the system properties
     * @throws Exception if the heap cannot be read or the thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        int states = Integer.getInteger("heap.states", 1_000_000);
        int perScope = Integer.getInteger("heap.perScope", 1_000);
        String[] keys = new String[states];
        Integer[] values = new Integer[states];
        String[] scopes = new String[(states + perScope - 1) / perScope];
        Arrays.setAll(scopes, i -> "heap.s" + i);

        long empty = stableUsedHeap();
        for (int i = 0; i < states; i++) {
            keys[i] = Fixture.key(i);
            values[i] = i;
        }
        long keysAndValues = stableUsedHeap() - empty;

        try (Store store = Store.open(Fixture.URL)) {
            for (int i = 0; i < states; i++) {
                store.createState(values[i], StateOptions.key(keys[i]).scope(scopes[i / perScope]));
            }
            Arrays.fill(keys, null);   // the store keeps each key string; nothing else does
            Arrays.fill(values, null); // the store keeps its own form of each value
            long filled = stableUsedHeap() - empty;
            report(states, perScope, keysAndValues, filled);
            int histogram = Integer.getInteger("heap.histogram", 0);
            if (histogram > 0) {
                printHistogram(histogram);
            }
            Reference.reachabilityFence(store);
        }
        Reference.reachabilityFence(keys);
        Reference.reachabilityFence(values);
        Reference.reachabilityFence(scopes);
    }

    private static void report(int states, int perScope, long keysAndValues, long filled) {
        System.out.printf(Locale.ROOT, "%s %s, max heap %d MB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%,d states, %,d per scope%n", states, perScope);
        System.out.printf(Locale.ROOT, "keys and values alone: %,d bytes (%.1f B/state)%n",
                keysAndValues, (double) keysAndValues / states);
        System.out.printf(Locale.ROOT, "store holding them:    %,d bytes (%.1f B/state)%n",
                filled, (double) filled / states);
        System.out.printf(Locale.ROOT, "beyond key and value:  %.1f B/state%n",
                (double) (filled - keysAndValues) / states);
    }

    /** @return used heap after full collections, once two readings agree within 64 KB */
    static long stableUsedHeap() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 20; attempt++) {
            System.gc();
            Thread.sleep(100);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /**
     * Prints the top of a class histogram of the live heap.
     *
     * @param lines how many classes
     * @throws JMException if the JVM's diagnostic command cannot be called
     */
    static void printHistogram(int lines) throws JMException {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        histogram.lines().limit(lines + 2L).forEach(System.out::println);
    }
}
