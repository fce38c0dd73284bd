package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON trees to native attribute values and back: objects as {@code M}, arrays as {@code L},
 * numbers as {@code N} (decimal text, never through {@code double}), strings as {@code S},
 * booleans as {@code BOOL}, null as {@code NULL}. A number read back is an {@code int} or {@code long}
 * when it is integral and fits (as Jackson reads JSON text), else a {@link BigInteger} or {@link BigDecimal}.
 */
final class AttributeCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final AttributeValue NULL = AttributeValue.fromNul(true);
    private static final AttributeValue TRUE = AttributeValue.fromBool(true);
    private static final AttributeValue FALSE = AttributeValue.fromBool(false);

    private AttributeCodec() {
    }

    static AttributeValue encode(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    m.put(e.getKey(), encode(e.getValue()));
                }
                return AttributeValue.fromM(m);
            }
            case ARRAY: {
                List<AttributeValue> l = new ArrayList<>(node.size());
                node.forEach(element -> l.add(encode(element)));
                return AttributeValue.fromL(l);
            }
            case NUMBER:
                return AttributeValue.fromN(numberText(node));
            case STRING:
                return AttributeValue.fromS(node.textValue());
            case BOOLEAN:
                return node.booleanValue() ? TRUE : FALSE;
            case BINARY:
                return AttributeValue.fromS(Base64.getEncoder().encodeToString(binary(node)));
            default:
                return NULL;
        }
    }

    /** @return the exact decimal text of a number node: integers as digits, decimals plain */
    static String numberText(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.isBigInteger() ? node.bigIntegerValue().toString() : Long.toString(node.longValue());
        }
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue();
            return Math.abs(d.scale()) < 64 ? d.toPlainString() : d.toString();
        }
        // float or double: their shortest decimal text, as Jackson would print it
        return new BigDecimal(node.asText()).toString();
    }

    static JsonNode decode(AttributeValue value) {
        switch (value.type()) {
            case M: {
                ObjectNode o = NODES.objectNode();
                value.m().forEach((k, v) -> o.set(k, decode(v)));
                return o;
            }
            case L: {
                ArrayNode a = NODES.arrayNode(value.l().size());
                value.l().forEach(v -> a.add(decode(v)));
                return a;
            }
            case N:
                return number(value.n());
            case S:
                return NODES.textNode(value.s());
            case BOOL:
                return NODES.booleanNode(value.bool());
            case NUL:
                return NODES.nullNode();
            default:
                throw new IllegalArgumentException("attribute type " + value.type()
                        + " is not a JSON value");
        }
    }

    static JsonNode number(String text) {
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral && text.length() <= 18) {
            long n = Long.parseLong(text);
            return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
        }
        if (integral) {
            BigInteger big = new BigInteger(text);
            if (big.bitLength() < 32) {
                return NODES.numberNode(big.intValue()); // as Jackson parses JSON text
            }
            return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
        }
        return NODES.numberNode(new BigDecimal(text));
    }

    /**
     * The size DynamoDB counts for an attribute value (names and values in UTF-8, numbers by
     * significant digits, 3 bytes per map or list, 1 per element), rounded up, for the item
     * limit.
     */
    static long size(AttributeValue value) {
        switch (value.type()) {
            case M: {
                long n = 3;
                for (Map.Entry<String, AttributeValue> e : value.m().entrySet()) {
                    n += utf8(e.getKey()) + 1 + size(e.getValue());
                }
                return n;
            }
            case L: {
                long n = 3;
                for (AttributeValue v : value.l()) {
                    n += 1 + size(v);
                }
                return n;
            }
            case N:
                return (value.n().length() + 1) / 2 + 1;
            case S:
                return utf8(value.s());
            case SS: {
                long n = 0;
                for (String s : value.ss()) {
                    n += utf8(s);
                }
                return n;
            }
            default:
                return 1;
        }
    }

    static long utf8(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
