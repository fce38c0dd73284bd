package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** The reference semantics of {@link AtomicOp}: exact arithmetic on JSON trees. */
final class JsonArithmetic {
    private JsonArithmetic() {
    }

    static JsonNode apply(AtomicOp.Kind kind, JsonNode current, JsonNode operand) {
        throw new UnsupportedOperationException("TODO");
    }
}
