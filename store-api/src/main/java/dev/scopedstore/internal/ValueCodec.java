package dev.scopedstore.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scopedstore.StateTypeMismatchException;
import dev.scopedstore.StateId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns values into JSON trees and back with the store's one mapper, and enforces, before any
 * I/O, what every backend can store ({@link PortableValues}) and the backend's value size. Every encode makes a fresh tree and every decode of a
 * mutable type a fresh object, so callers never share what is stored.
 */
final class ValueCodec {
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class,
            Short.class, Byte.class, Boolean.class, Double.class, Float.class, Character.class,
            BigDecimal.class, BigInteger.class, UUID.class);

    private final ObjectMapper mapper;
    private final int maxValueBytes;
    /** The mapper's type of each class, without its type cache's contention on every lookup. */
    private final ClassValue<JavaType> types = new ClassValue<>() {
        @Override
        protected JavaType computeValue(Class<?> type) {
            return mapper.constructType(type);
        }
    };

    ValueCodec(ObjectMapper mapper, int maxValueBytes) {
        this.mapper = mapper;
        this.maxValueBytes = maxValueBytes;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The type a default value stands for; collection implementations as their interface. */
    JavaType typeOf(Object defaultValue) {
        Class<?> type = defaultValue.getClass();
        if (defaultValue instanceof List) {
            type = List.class;
        } else if (defaultValue instanceof Set) {
            type = Set.class;
        } else if (defaultValue instanceof Map) {
            type = Map.class;
        }
        return types.get(type);
    }

    /** @return the mapper's type of a class */
    JavaType typeOf(Class<?> type) {
        return types.get(type);
    }

    /** Whether a type decodes without the mapper, as cheaply as a cache lookup. */
    static boolean decodesDirectly(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw == Long.class || raw == Integer.class || raw == String.class || raw == Boolean.class;
    }

    /** Whether a decoded value may be handed out again without copying. */
    static boolean isImmutable(JavaType type) {
        return IMMUTABLE.contains(type.getRawClass()) || type.isEnumType();
    }

    /**
     * @param value a value; {@code null} is JSON {@code null}
     * @return a fresh tree that every backend can store, within the size limit
     * @throws IllegalArgumentException if the value cannot be mapped, holds what no backend can
     *     store (naming where), or is too large
     */
    JsonNode encode(Object value) {
        if (value instanceof String text) {
            PortableValues.check(text);
        }
        JsonNode node = value == null ? NullNode.getInstance() : fastEncode(value);
        if (node == null) {
            try {
                node = mapper.valueToTree(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot map the value of type "
                        + value.getClass().getName() + " to JSON: " + e.getMessage(), e);
            }
            PortableValues.check(node);
        }
        checkSize(node);
        return node;
    }

    /**
     * Checks a tree that did not come from {@link #encode}, e.g. an imported line.
     *
     * @throws IllegalArgumentException as {@link #encode}
     */
    void check(JsonNode node) {
        PortableValues.check(node);
        checkSize(node);
    }

    /**
     * @throws IllegalArgumentException if the encoded tree is over the backend's limit
     */
    private void checkSize(JsonNode node) {
        if (JsonSize.upperBound(node, maxValueBytes) <= maxValueBytes) {
            return;
        }
        int bytes;
        try {
            bytes = mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON", e);
        }
        if (bytes > maxValueBytes) {
            throw new IllegalArgumentException("the value is " + bytes + " bytes of JSON; this"
                    + " backend stores at most " + maxValueBytes);
        }
    }

    /**
     * @return the value as {@code type}
     * @throws StateTypeMismatchException if the tree does not fit the type
     */
    @SuppressWarnings("unchecked")
    <T> T decode(StateId id, JsonNode node, JavaType type) {
        Object fast = fastDecode(node, type.getRawClass());
        if (fast != null) {
            return (T) fast;
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw mismatch(id, node, type, e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw mismatch(id, node, type, e.getMessage(), e);
        }
    }

    private static StateTypeMismatchException mismatch(StateId id, JsonNode node, JavaType type,
                                                       String why, Exception e) {
        return new StateTypeMismatchException(id, "it holds a JSON " + node.getNodeType()
                .name().toLowerCase(Locale.ROOT) + ", which does not fit "
                + type.toCanonical() + " (" + why + "); open it with the type it holds", e);
    }

    /** The common scalars without a trip through the mapper; {@code null} for the rest. */
    private static Object fastDecode(JsonNode node, Class<?> type) {
        if (type == Long.class && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (type == Integer.class && node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (type == String.class && node.isTextual()) {
            return node.textValue();
        }
        if (type == Boolean.class && node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    private static JsonNode fastEncode(Object value) {
        if (value instanceof Integer) {
            return IntNode.valueOf((Integer) value);
        }
        if (value instanceof Long) {
            return LongNode.valueOf((Long) value);
        }
        if (value instanceof String) {
            return TextNode.valueOf((String) value);
        }
        if (value instanceof Boolean) {
            return BooleanNode.valueOf((Boolean) value);
        }
        return null;
    }
}
