package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An atomic operation")
class AtomicOpTest {

    @Test
    @DisplayName("keeps one write id, also when threads ask for it at once")
    void stableId() {
        AtomicOp op = AtomicOp.of(AtomicOp.Kind.ADD, LongNode.valueOf(1));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 1_000).parallel().forEach(i -> seen.add(op.writeId()));
        assertEquals(Set.of(op.writeId()), seen);
    }

    @Test
    @DisplayName("gets an id of its own, distinct from every other write's")
    void distinctIds() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 10_000).parallel()
                .forEach(i -> ids.add(AtomicOp.of(AtomicOp.Kind.ADD, LongNode.valueOf(i)).writeId()));
        assertEquals(10_000, ids.size());
        assertNotEquals(AtomicOp.of(AtomicOp.Kind.ADD, LongNode.valueOf(1)).writeId(),
                AtomicOp.of(AtomicOp.Kind.ADD, LongNode.valueOf(1)).writeId());
    }
}
