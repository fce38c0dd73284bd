package dev.scopedstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.StateOptions;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.AtomicOp.Kind;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("An atomic equation")
class EquationTest {
    /** Reads decimals exactly, keeping their scale ({@code 2.50} stays {@code 2.50}). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    /** Leaf equality in which numerically equal numbers are equal. */
    private static final Comparator<JsonNode> NUMERICALLY = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode apply(Kind kind, JsonNode current, JsonNode operand) {
        return AtomicOp.of(kind, operand).applyTo(current);
    }

    /** An equation text, or the name of an {@link Atomic} shorthand. */
    private static Equation equation(String textOrShorthand) {
        return textOrShorthand.contains("=")
                ? Equation.parse(textOrShorthand) : Equation.of(Atomic.valueOf(textOrShorthand));
    }

    @ParameterizedTest(name = "\"{0}\" is sent as {1} and reads \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "votes = ans + x       | ADD           | votes = ans + x",
        "votes = x + ans       | ADD           | votes = x + ans",
        "votes = ans - x       | ADD           | votes = ans - x",
        "votes = x - ans       | SUBTRACT_FROM | votes = x - ans",
        "votes = ans * x       | MULTIPLY      | votes = ans * x",
        "votes = x * ans       | MULTIPLY      | votes = x * ans",
        "votes=ans+x           | ADD           | votes = ans + x",
        "'  _Total9\t=\tx*ans '  | MULTIPLY      | _Total9 = x * ans",
    })
    @DisplayName("parses every form, with any whitespace")
    void parsesEveryForm(String text, Kind kind, String normalized) {
        Equation equation = Equation.parse(text);
        assertEquals(kind, equation.kind());
        assertEquals(normalized, equation.toString());
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "''                   | empty",
        "'   '                | empty",
        "= ans + x            | expected the state's name",
        "9votes = ans + x     | expected the state's name",
        "ans = ans + x        | may not be 'ans' or 'x'",
        "x = ans + x          | may not be 'ans' or 'x'",
        "votes                | expected '=' after the name 'votes'",
        "votes ans + x        | expected '=' after the name 'votes', got 'ans'",
        "votes == ans + x     | got '= ans + x'",
        "votes =              | expected 'ans ⊕ x' or 'x ⊕ ans'",
        "votes = ans + x + 1  | got 'ans + x + 1'",
        "votes = ans          | got 'ans'",
        "votes = ans / x      | got '/'",
        "votes = ans ^ x      | got '^'",
        "votes = ans + ans    | expected 'ans' once and 'x' once",
        "votes = x * x        | expected 'ans' once and 'x' once",
        "votes = ans + y      | got 'ans' and 'y'",
        "votes = ans + 1      | got 'ans' and '1'",
    })
    @DisplayName("refuses anything else, naming what is wrong and quoting the text")
    void refusesMalformedText(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Equation.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({"SUM, ADD", "PRODUCT, MULTIPLY", "MAX, MAX", "MIN, MIN", "APPEND, APPEND", "UNION, UNION"})
    @DisplayName("stands for the operation of each shorthand, and reads as the shorthand")
    void shorthands(Atomic shorthand, Kind kind) {
        Equation equation = Equation.of(shorthand);
        assertEquals(kind, equation.kind());
        assertEquals(shorthand.name(), equation.toString());
    }

    @Test
    @DisplayName("is read from state options without one, with a text or with a shorthand")
    void fromOptions() {
        StateOptions plain = StateOptions.key("k");
        assertNull(Equation.from(plain));
        assertFalse(plain.isAtomic());
        StateOptions text = plain.atomic("n = x - ans");
        assertEquals(Kind.SUBTRACT_FROM, Equation.from(text).kind());
        assertEquals(Optional.of("n = x - ans"), text.equation());
        assertEquals(Optional.empty(), text.shorthand());
        StateOptions shorthand = plain.atomic(Atomic.UNION);
        assertEquals(Kind.UNION, Equation.from(shorthand).kind());
        assertEquals(Optional.of(Atomic.UNION), shorthand.shorthand());
        assertTrue(shorthand.isAtomic());
        assertThrows(IllegalArgumentException.class, () -> Equation.from(plain.atomic("n = ans / x")));
    }

    @ParameterizedTest(name = "{0} takes {1}")
    @CsvSource(delimiter = '|', value = {
        "SUM              | 0",
        "votes = x - ans  | -2.5",
        "PRODUCT          | [1, [2, 3.5]]",
        "MAX              | {\"yes\": 3, \"no\": {\"n\": [1]}}",
        "MIN              | []",
        "APPEND           | []",
        "UNION            | [\"a\", {\"b\": 1}]",
    })
    @DisplayName("accepts values of a shape it can work on")
    void acceptsApplicableValues(String equation, String value) {
        equation(equation).checkApplicable(json(value));
    }

    @ParameterizedTest(name = "{0} does not take {1}")
    @CsvSource(delimiter = '|', value = {
        "SUM              | \"text\"                    | \"text\"",
        "SUM              | null                        | null",
        "votes = ans * x  | {\"yes\": 3, \"no\": true}  | $.no",
        "MAX              | [1, [2, \"3\"]]             | $[1][1]",
        "SUM              | 36893488147419103232        | 64-bit",
        "APPEND           | {}                          | array",
        "UNION            | 1                           | array",
    })
    @DisplayName("refuses values of a shape it cannot work on, saying why")
    void refusesInapplicableValues(String equation, String value, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> equation(equation).checkApplicable(json(value)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    @DisplayName("refuses a default beyond 64 bits for arithmetic, even as a big integer node")
    void refusesHugeIntegers() {
        JsonNode huge = BigIntegerNode.valueOf(BigInteger.TWO.pow(70));
        assertThrows(IllegalArgumentException.class, () -> Equation.of(Atomic.SUM).checkApplicable(huge));
    }

    @ParameterizedTest(name = "with {0}, ans {1} and new value {2} send {3}")
    @CsvSource(delimiter = '|', value = {
        "votes = ans + x  | 5                   | 8                           | 3",
        "votes = x + ans  | 5                   | 2                           | -3",
        "votes = ans - x  | 5                   | 8                           | 3",
        "votes = x - ans  | 5                   | 8                           | 13",
        "votes = ans * x  | 4                   | 10                          | 2.5",
        "votes = x * ans  | 3                   | 12                          | 4",
        "SUM              | 0.1                 | 0.3                         | 0.2",
        "SUM              | 9223372036854775806 | 9223372036854775807         | 1",
        "SUM              | {\"yes\": 3}        | {\"yes\": 3, \"maybe\": 1}  | {\"yes\": 0, \"maybe\": 1}",
        "SUM              | [1, 2]              | [1.5, 2]                    | [0.5, 0]",
        "votes = x - ans  | [1, 2.5]            | [0, 0]                      | [1, 2.5]",
        "PRODUCT          | {\"a\": [2, 4]}     | {\"a\": [3, 8]}             | {\"a\": [1.5, 2]}",
        "PRODUCT          | 0.5                 | 0.25                        | 0.5",
        "PRODUCT          | -7                  | 0                           | 0",
        "MAX              | 3                   | 5                           | 5",
        "MAX              | 3                   | 3.0                         | 3",
        "MAX              | [1, 5]              | [2, 5]                      | [2, 5]",
        "MIN              | 3                   | 1                           | 1",
        "MIN              | {\"a\": 2.5}        | {\"a\": -1}                 | {\"a\": -1}",
        "APPEND           | [1]                 | [1, 2, 3]                   | [2, 3]",
        "APPEND           | []                  | []                          | []",
        "APPEND           | []                  | [{\"a\": 1}]                | [{\"a\": 1}]",
        "APPEND           | [1, 2]              | [1.0, 2, 2]                 | [2]",
        "UNION            | [1, 2]              | [1, 2, 3]                   | [3]",
        "UNION            | [1, 2]              | [2, 3, 1, 3]                | [3]",
        "UNION            | []                  | [\"a\"]                     | [\"a\"]",
        "UNION            | []                  | []                          | []",
        "UNION            | [\"a\"]             | [\"a\"]                     | []",
    })
    @DisplayName("solves the operand that turns ans into the new value")
    void solves(String text, String ans, String target, String expectedOperand) {
        Equation equation = equation(text);
        JsonNode x = equation.solve(json(ans), json(target));
        assertTrue(x.equals(NUMERICALLY, json(expectedOperand)), () -> "operand " + x);

        JsonNode result = apply(equation.kind(), json(ans), x);
        if (equation.kind() == Kind.UNION) {    // a set: the order of the new value is not kept
            assertEquals(json(target).size(), apply(Kind.UNION, json(target), result).size());
            assertEquals(result.size(), apply(Kind.UNION, result, json(target)).size());
        } else {
            assertTrue(result.equals(NUMERICALLY, json(target)), () -> "result " + result);
        }
    }

    @ParameterizedTest(name = "with {0}, ans {1} and new value {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "votes = ans * x  | 0                  | 5                   | ans is 0 at $",
        "PRODUCT          | 0                  | 0                   | ans is 0 at $",
        "PRODUCT          | {\"a\": [1, 0]}    | {\"a\": [2, 0]}     | ans is 0 at $.a[1]",
        "PRODUCT          | 3                  | 1                   | no exact decimal quotient",
        "PRODUCT          | {\"a\": 1}         | {\"b\": 1}          | no field $.b",
        "PRODUCT          | [1, 2]             | [1]                 | shape at $ differs",
        "APPEND           | [1, 2]             | [2, 1, 3]           | does not start with the elements of ans",
        "APPEND           | [1, 2]             | [1]                 | fewer than the 2 of ans",
        "APPEND           | [1]                | 1                   | needs arrays",
        "UNION            | [1, 2]             | [2, 3]              | lacks an element of ans",
        "UNION            | [1]                | []                  | lacks an element of ans",
        "MAX              | 5                  | 3                   | below ans",
        "MAX              | [1, 5]             | [2, 4]              | below ans",
        "MIN              | 1                  | 3                   | above ans",
        "SUM              | {\"a\": 1, \"b\": 2} | {\"a\": 1}        | shape differs",
        "SUM              | 1                  | \"two\"             | expected a number at $",
        "SUM              | [1, 2]             | [1, 2, 3]           | 2 and 3",
        "SUM              | -9223372036854775808 | 9223372036854775807 | 64-bit",
        "votes = x - ans  | 9223372036854775807  | 1                   | 64-bit",
    })
    @DisplayName("refuses a write it cannot express, saying why")
    void refusesInexpressibleWrites(String text, String ans, String target, String reason) {
        Equation equation = equation(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> equation.solve(json(ans), json(target)));
        assertTrue(e.getMessage().startsWith("cannot express the write with \"" + equation + "\": "),
                e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    @DisplayName("sends x negated for accumulate with \"ans - x\", and x itself otherwise")
    void operandForAccumulate() {
        Equation minus = Equation.parse("stock = ans - x");
        assertEquals("-3", minus.operandFor(json("3")).toString());
        assertEquals("{\"a\":-1,\"b\":[2.50]}", minus.operandFor(json("{\"a\": 1, \"b\": [-2.50]}")).toString());
        assertEquals("7", apply(minus.kind(), json("10"), minus.operandFor(json("3"))).toString());
        assertThrows(ArithmeticException.class, () -> minus.operandFor(json("-9223372036854775808")));

        JsonNode x = json("[1, 2]");
        for (String other : new String[] {"n = ans + x", "n = x - ans", "n = ans * x", "SUM", "APPEND", "UNION"}) {
            assertSame(x, equation(other).operandFor(x), other);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"votes = ans + x", "votes = x - ans", "PRODUCT", "MAX", "MIN", "APPEND", "UNION"})
    @DisplayName("never modifies ans, the new value or x")
    void inputsAreNotMutated(String text) {
        Equation equation = equation(text);
        boolean arrays = equation.kind() == Kind.APPEND || equation.kind() == Kind.UNION;
        JsonNode ans = json(arrays ? "[{\"a\": 1}]" : "{\"a\": [1, 2.5]}");
        JsonNode target = json(arrays ? "[{\"a\": 1}, {\"b\": 2}]"
                : equation.kind() == Kind.MIN ? "{\"a\": [0, 1.25]}" : "{\"a\": [2, 5.0]}");
        JsonNode ansBefore = ans.deepCopy();
        JsonNode targetBefore = target.deepCopy();

        JsonNode x = equation.solve(ans, target);
        JsonNode xBefore = x.deepCopy();
        equation.operandFor(x);
        equation.checkApplicable(ans);

        assertEquals(ansBefore, ans);
        assertEquals(targetBefore, target);
        assertEquals(xBefore, x);
    }
}
