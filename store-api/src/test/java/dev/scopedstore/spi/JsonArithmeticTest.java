package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import dev.scopedstore.spi.AtomicOp.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("JsonArithmetic, the reference semantics of atomic operations,")
class JsonArithmeticTest {
    /** Reads decimals exactly, keeping their scale ({@code 2.50} stays {@code 2.50}). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode apply(Kind kind, String current, String operand) {
        return JsonArithmetic.apply(kind, json(current), json(operand));
    }

    @Test
    @DisplayName("adds integers up to Long.MAX_VALUE exactly, as a long")
    void addsUpToTheLongLimit() {
        JsonNode sum = JsonArithmetic.apply(Kind.ADD, LongNode.valueOf(Long.MAX_VALUE - 1), IntNode.valueOf(1));
        assertEquals(LongNode.valueOf(Long.MAX_VALUE), sum);
    }

    @Test
    @DisplayName("refuses 2^62 + 2^62, which leaves the 64-bit range, with an ArithmeticException")
    void addOverflowThrows() {
        LongNode twoTo62 = LongNode.valueOf(1L << 62);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> JsonArithmetic.apply(Kind.ADD, twoTo62, twoTo62));
        assertTrue(e.getMessage().contains("64-bit"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} of {1} and {2}")
    @CsvSource({
        "MULTIPLY,      4294967296, 4294967296",
        "SUBTRACT_FROM, 1,          -9223372036854775808",
        "ADD,           -9223372036854775808, -1",
    })
    @DisplayName("refuses every other integer overflow too")
    void otherOverflowsThrow(Kind kind, long current, long operand) {
        assertThrows(ArithmeticException.class,
                () -> JsonArithmetic.apply(kind, LongNode.valueOf(current), LongNode.valueOf(operand)));
    }

    @Test
    @DisplayName("refuses a big integer outside 64 bits and accepts one within them")
    void bigIntegers() {
        JsonNode huge = BigIntegerNode.valueOf(BigInteger.TWO.pow(64));
        assertThrows(ArithmeticException.class, () -> JsonArithmetic.apply(Kind.ADD, huge, IntNode.valueOf(1)));
        assertThrows(ArithmeticException.class, () -> JsonArithmetic.apply(Kind.MAX, IntNode.valueOf(1), huge));
        JsonNode small = BigIntegerNode.valueOf(BigInteger.valueOf(40));
        assertEquals(LongNode.valueOf(42), JsonArithmetic.apply(Kind.ADD, small, ShortNode.valueOf((short) 2)));
    }

    @Test
    @DisplayName("adds 0.1 and 0.2 to exactly 0.3, from decimals, doubles and floats alike")
    void decimalsAreExact() {
        BigDecimal exact = new BigDecimal("0.3");
        JsonNode fromDecimals = apply(Kind.ADD, "0.1", "0.2");
        JsonNode fromDoubles = JsonArithmetic.apply(Kind.ADD, DoubleNode.valueOf(0.1), DoubleNode.valueOf(0.2));
        JsonNode fromFloats = JsonArithmetic.apply(Kind.ADD, FloatNode.valueOf(0.1f), FloatNode.valueOf(0.2f));
        for (JsonNode sum : new JsonNode[] {fromDecimals, fromDoubles, fromFloats}) {
            assertTrue(sum.isBigDecimal(), sum::toString);
            assertEquals(exact, sum.decimalValue());
        }
    }

    @ParameterizedTest(name = "{0} of {1} and {2} is {3}")
    @CsvSource(delimiter = '|', value = {
        "ADD           | 1    | 0.5 | 1.5",
        "SUBTRACT_FROM | 3    | 10  | 7",
        "SUBTRACT_FROM | 0.25 | 1   | 0.75",
        "MULTIPLY      | 1.5  | 2.0 | 3.00",
        "MULTIPLY      | -3   | 7   | -21",
        "MAX           | 2    | 7   | 7",
        "MIN           | 2    | 7   | 2",
        "MAX           | 2.5  | 2   | 2.5",
    })
    @DisplayName("computes numbers exactly, keeping the decimal scale")
    void numbers(Kind kind, String current, String operand, String expected) {
        assertEquals(expected, apply(kind, current, operand).toString());
    }

    @Test
    @DisplayName("returns the winning node itself for MAX and MIN")
    void maxAndMinReturnTheWinner() {
        JsonNode one = IntNode.valueOf(1);
        JsonNode half = DecimalNode.valueOf(new BigDecimal("0.5"));
        assertSame(one, JsonArithmetic.apply(Kind.MAX, half, one));
        assertSame(half, JsonArithmetic.apply(Kind.MIN, half, one));
    }

    @ParameterizedTest(name = "{0} of {1} and {2} is {3}")
    @CsvSource(delimiter = '|', value = {
        "ADD           | [1, 2]                  | [10, 20]                     | [11,22]",
        "MULTIPLY      | [[1, 2], [3]]           | [[2, 2], [0.5]]              | [[2,4],[1.5]]",
        "ADD           | {\"a\": [1, {\"b\": 2}]} | {\"a\": [1, {\"b\": 0.5}]}   | {\"a\":[2,{\"b\":2.5}]}",
        "MIN           | {\"a\": 3, \"b\": 4}    | {\"b\": 1, \"a\": 5}         | {\"a\":3,\"b\":1}",
        "ADD           | {\"yes\": 3}            | {\"maybe\": 1}               | {\"yes\":3,\"maybe\":1}",
        "SUBTRACT_FROM | {\"a\": 5}              | {\"b\": 2}                   | {\"a\":-5,\"b\":2}",
        "ADD           | {\"a\": {\"b\": [1]}}   | {}                           | {\"a\":{\"b\":[1]}}",
        "MAX           | {\"a\": 1}              | {\"b\": -2}                  | {\"a\":1,\"b\":-2}",
        "MIN           | {}                      | {\"b\": [2]}                 | {\"b\":[2]}",
        "ADD           | []                      | []                           | []",
    })
    @DisplayName("works element by element on arrays and field by field on objects")
    void elementWise(Kind kind, String current, String operand, String expected) {
        assertEquals(expected, apply(kind, current, operand).toString());
    }

    @Test
    @DisplayName("refuses arrays of different lengths, naming both lengths and the path")
    void mismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(Kind.ADD, "{\"a\": [1, 2, 3]}", "{\"a\": [1, 2]}"));
        assertTrue(e.getMessage().contains("$.a") && e.getMessage().contains("3 and 2"), e.getMessage());
    }

    @Test
    @DisplayName("refuses MULTIPLY with a field on one side only, naming it")
    void multiplyNeedsBothFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(Kind.MULTIPLY, "{\"yes\": 3}", "{\"yes\": 2, \"maybe\": 2}"));
        assertTrue(e.getMessage().contains("$.maybe"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} of {1} and {2} fails at {3}")
    @CsvSource(delimiter = '|', value = {
        "ADD      | {\"yes\": \"many\"}   | {\"yes\": 1}     | $.yes",
        "ADD      | [1, 2, true]          | [1, 2, 3]        | $[2]",
        "MAX      | [1, {\"a\": null}]    | [1, {\"a\": 1}]  | $[1].a",
        "ADD      | {\"a\": \"s\"}        | {}               | $.a",
        "MIN      | {}                    | {\"a\": [false]} | $.a[0]",
        "MULTIPLY | 2                     | [2]              | $",
        "ADD      | \"text\"              | 1                | $",
    })
    @DisplayName("refuses non-numeric leaves and shape mismatches, naming the path")
    void nonNumericLeaves(Kind kind, String current, String operand, String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(kind, current, operand));
        assertTrue(e.getMessage().contains("at " + path + ","), e.getMessage());
    }

    @Test
    @DisplayName("refuses doubles that are not finite")
    void nonFiniteDoubles() {
        assertThrows(IllegalArgumentException.class,
                () -> JsonArithmetic.apply(Kind.ADD, DoubleNode.valueOf(Double.NaN), IntNode.valueOf(1)));
    }

    @ParameterizedTest(name = "{0} ++ {1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "[1, 2]      | [3]           | [1,2,3]",
        "[]          | []            | []",
        "[]          | [\"a\"]       | [\"a\"]",
        "[1]         | [1, {\"b\": 2}] | [1,1,{\"b\":2}]",
    })
    @DisplayName("appends arrays, keeping duplicates")
    void append(String current, String operand, String expected) {
        assertEquals(expected, apply(Kind.APPEND, current, operand).toString());
    }

    @ParameterizedTest(name = "{0} ∪ {1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "[1, 2]           | [2, 3, 3]             | [1,2,3]",
        "[]               | []                    | []",
        "[]               | [\"a\", \"a\"]        | [\"a\"]",
        "[1]              | [1.0, 1, 2.50, 2.5]   | [1,2.50]",
        "[1, 1]           | [1]                   | [1,1]",
        "[{\"a\": 1}]     | [{\"a\": 1.00}, [1]]  | [{\"a\":1},[1]]",
        "[\"1\", null]    | [1, null, false]      | [\"1\",null,1,false]",
    })
    @DisplayName("unites arrays, numerically equal numbers counting as equal")
    void union(String current, String operand, String expected) {
        assertEquals(expected, apply(Kind.UNION, current, operand).toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = {"APPEND", "UNION"})
    @DisplayName("refuses APPEND and UNION on anything but two arrays")
    void appendAndUnionNeedArrays(Kind kind) {
        assertThrows(IllegalArgumentException.class, () -> apply(kind, "[1]", "1"));
        assertThrows(IllegalArgumentException.class, () -> apply(kind, "{}", "[1]"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("never modifies its inputs, nor shares mutable parts with the result")
    void inputsAreNotMutated(Kind kind) {
        boolean arrays = kind == Kind.APPEND || kind == Kind.UNION;
        JsonNode current = json(arrays ? "[{\"a\": 1}, [2]]" : "{\"a\": [1, 2.5], \"b\": {\"c\": 3}}");
        JsonNode operand = json(arrays ? "[{\"a\": 2}, [3]]" : "{\"a\": [4, 0.5], \"b\": {\"c\": -1}}");
        JsonNode currentBefore = current.deepCopy();
        JsonNode operandBefore = operand.deepCopy();

        JsonNode result = JsonArithmetic.apply(kind, current, operand);
        assertEquals(currentBefore, current);
        assertEquals(operandBefore, operand);

        scribbleOver(result);
        assertEquals(currentBefore, current);
        assertEquals(operandBefore, operand);
    }

    /** Overwrites every container in a tree. */
    private static void scribbleOver(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(JsonArithmeticTest::scribbleOver);
            array.add("scribble");
        } else if (node instanceof ObjectNode object) {
            object.forEach(JsonArithmeticTest::scribbleOver);
            object.put("scribble", true);
        }
    }
}
