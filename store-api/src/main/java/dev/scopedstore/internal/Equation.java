package dev.scopedstore.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.StateOptions;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.JsonArithmetic;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state's atomic equation, parsed and checked once at {@code createState}: it turns a plain
 * write into the {@link AtomicOp} the backend applies.
 *
 * <p>The equation {@code name = ans ⊕ x} (or {@code name = x ⊕ ans}, {@code ⊕} one of
 * {@code + - *}) or a shorthand {@link Atomic} says how the new value is made from {@code ans},
 * the value the writer last saw, and a change {@code x}. {@link #solve} finds the operand that
 * turns {@code ans} into the value being set; the backend applies that operand to whatever is
 * stored by then, so concurrent writers lose no update. Instances are immutable and thread-safe.
 */
public final class Equation {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A word (identifier or number) or any other single non-blank character. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_]+|\\S");
    /** Leaf equality in which numerically equal numbers are equal ({@code 1 == 1.0}). */
    private static final Comparator<JsonNode> NUMERIC_LEAVES = (a, b) ->
            a.isNumber() && b.isNumber() ? JsonArithmetic.exact(a).compareTo(JsonArithmetic.exact(b)) : a.equals(b) ? 0 : 1;

    private final AtomicOp.Kind kind;
    private final boolean negatesX;
    private final String text;

    private Equation(AtomicOp.Kind kind, boolean negatesX, String text) {
        this.kind = kind;
        this.negatesX = negatesX;
        this.text = text;
    }

    /**
     * Parses {@code name = ans ⊕ x} or {@code name = x ⊕ ans}, with {@code ⊕} one of
     * {@code + - *} and any whitespace between the parts. {@code name} is an identifier other
     * than {@code ans} and {@code x}.
     *
     * @param text the equation
     * @return the equation
     * @throws NullPointerException if {@code text} is {@code null}
     * @throws IllegalArgumentException naming the bad part, and quoting the text, if it is not
     *     such an equation
     */
    public static Equation parse(String text) {
        Objects.requireNonNull(text, "equation");
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        if (tokens.isEmpty()) {
            throw invalid(text, "it is empty; expected \"name = ans + x\" or similar");
        }
        String name = tokens.get(0);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw invalid(text, "expected the state's name first, got '" + name + "'");
        }
        if (name.equals("ans") || name.equals("x")) {
            throw invalid(text, "the name may not be 'ans' or 'x'");
        }
        if (tokens.size() < 2 || !tokens.get(1).equals("=")) {
            throw invalid(text, "expected '=' after the name '" + name + "'"
                    + (tokens.size() < 2 ? "" : ", got '" + tokens.get(1) + "'"));
        }
        List<String> right = tokens.subList(2, tokens.size());
        if (right.size() != 3) {
            throw invalid(text, "expected 'ans ⊕ x' or 'x ⊕ ans' after '=', got '" + String.join(" ", right) + "'");
        }
        String left = right.get(0);
        String operator = right.get(1);
        String last = right.get(2);
        if (!Set.of("+", "-", "*").contains(operator)) {
            throw invalid(text, "expected an operator + - or *, got '" + operator + "'");
        }
        boolean ansFirst = left.equals("ans") && last.equals("x");
        if (!ansFirst && !(left.equals("x") && last.equals("ans"))) {
            throw invalid(text, "expected 'ans' once and 'x' once around '" + operator + "', got '"
                    + left + "' and '" + last + "'");
        }
        AtomicOp.Kind kind = switch (operator) {
            case "+" -> AtomicOp.Kind.ADD;
            case "*" -> AtomicOp.Kind.MULTIPLY;
            default -> ansFirst ? AtomicOp.Kind.ADD : AtomicOp.Kind.SUBTRACT_FROM;
        };
        boolean negatesX = ansFirst && operator.equals("-");
        return new Equation(kind, negatesX, name + " = " + left + " " + operator + " " + last);
    }

    /**
     * @param shorthand a shorthand equation
     * @return the equation it stands for
     * @throws NullPointerException if {@code shorthand} is {@code null}
     */
    public static Equation of(Atomic shorthand) {
        AtomicOp.Kind kind = switch (Objects.requireNonNull(shorthand, "shorthand")) {
            case SUM -> AtomicOp.Kind.ADD;
            case PRODUCT -> AtomicOp.Kind.MULTIPLY;
            case MAX -> AtomicOp.Kind.MAX;
            case MIN -> AtomicOp.Kind.MIN;
            case APPEND -> AtomicOp.Kind.APPEND;
            case UNION -> AtomicOp.Kind.UNION;
        };
        return new Equation(kind, false, shorthand.name());
    }

    /**
     * Reads the equation of state options: its shorthand or its text.
     *
     * @param options a state's options
     * @return the equation, or {@code null} for none
     * @throws IllegalArgumentException if the text does not parse
     */
    public static Equation from(StateOptions options) {
        if (options.shorthand().isPresent()) {
            return of(options.shorthand().get());
        }
        return options.equation().map(Equation::parse).orElse(null);
    }

    /** @return the operation this equation's writes are sent as */
    public AtomicOp.Kind kind() {
        return kind;
    }

    /**
     * Checks that a value (a default, or the stored value at creation) can take this equation:
     * for the arithmetic kinds a number, or arrays and objects whose leaves are all numbers
     * (integers within 64 bits); for {@code APPEND} and {@code UNION} an array.
     *
     * @param value the value
     * @throws IllegalArgumentException naming the problem if it cannot
     */
    public void checkApplicable(JsonNode value) {
        Objects.requireNonNull(value, "value");
        if (kind == AtomicOp.Kind.APPEND || kind == AtomicOp.Kind.UNION) {
            if (!value.isArray()) {
                throw new IllegalArgumentException("the value of a state with \"" + text
                        + "\" must be an array, got " + value.getNodeType().name());
            }
            return;
        }
        try {
            // max(v, v) = v succeeds exactly when every leaf is a number the arithmetic accepts
            apply(AtomicOp.Kind.MAX, value, value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("the value of a state with \"" + text
                    + "\" must be a number, or arrays and objects of numbers: " + e.getMessage(), e);
        }
    }

    /**
     * Solves a write: the operand {@code x} such that applying this equation's
     * {@linkplain #kind() operation} with {@code x} to {@code ans} gives {@code target} (numerically
     * equal numbers counting as equal; for {@code UNION}, equal as sets). The result is verified
     * by applying it.
     *
     * @param ans the value the writer last saw
     * @param target the value the writer sets
     * @return the operand to send
     * @throws IllegalArgumentException ("cannot express …") if no operand gives {@code target}:
     *     a product from 0 or with an inexact quotient, an append that does not extend
     *     {@code ans}, a union that drops elements, a max below or a min above {@code ans}, a
     *     change of shape, or an operand outside the 64-bit range
     */
    public JsonNode solve(JsonNode ans, JsonNode target) {
        Objects.requireNonNull(ans, "ans");
        Objects.requireNonNull(target, "target");
        if (kind == AtomicOp.Kind.ADD && isLong(ans) && isLong(target)) {
            // exact 64-bit subtraction needs no verification: ans + (target - ans) == target
            try {
                return LongNode.valueOf(Math.subtractExact(target.longValue(), ans.longValue()));
            } catch (ArithmeticException e) {
                throw cannotExpress("the change " + target + " - " + ans
                        + " leaves the 64-bit integer range", e);
            }
        }
        JsonNode x;
        boolean produces;
        try {
            x = switch (kind) {
                case ADD -> apply(AtomicOp.Kind.SUBTRACT_FROM, ans, target);     // target - ans
                case SUBTRACT_FROM -> apply(AtomicOp.Kind.ADD, ans, target);     // target + ans
                case MULTIPLY -> divide(target, ans, "$");
                case MAX, MIN -> target;
                case APPEND -> appended(ans, target);
                case UNION -> added(ans, target);
            };
            produces = produces(ans, x, target);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw cannotExpress(e.getMessage(), e);
        }
        if (!produces) {
            throw cannotExpress(mismatch(), null);
        }
        return x;
    }

    /**
     * The operand to send for {@code State.accumulate(x)}, which applies a change directly:
     * {@code x} itself, except for {@code name = ans - x}, sent as {@code ADD} of {@code -x}.
     *
     * @param x the change
     * @return the operand
     * @throws IllegalArgumentException if {@code x} must be negated and is not numeric
     * @throws ArithmeticException if negating {@code x} leaves the 64-bit range
     */
    public JsonNode operandFor(JsonNode x) {
        Objects.requireNonNull(x, "x");
        if (!negatesX) {
            return x;
        }
        JsonNode zeros = apply(AtomicOp.Kind.SUBTRACT_FROM, x, x);      // x - x, in x's shape
        return apply(AtomicOp.Kind.SUBTRACT_FROM, x, zeros);            // 0 - x
    }

    /** @return the equation in a normal spacing, e.g. {@code votes = ans + x}, or the shorthand */
    @Override
    public String toString() {
        return text;
    }

    private boolean produces(JsonNode ans, JsonNode x, JsonNode target) {
        JsonNode result = apply(kind, ans, x);
        return kind == AtomicOp.Kind.UNION ? sameElements(result, target) : result.equals(NUMERIC_LEAVES, target);
    }

    /** Whether two arrays hold the same elements, ignoring order and repetition. */
    private static boolean sameElements(JsonNode a, JsonNode b) {
        // a ∪ b is no longer than a exactly when every element of b is in a
        return apply(AtomicOp.Kind.UNION, a, b).size() == a.size()
                && apply(AtomicOp.Kind.UNION, b, a).size() == b.size();
    }

    private String mismatch() {
        return switch (kind) {
            case MAX -> "the new value is below ans somewhere";
            case MIN -> "the new value is above ans somewhere";
            case APPEND -> "the new value does not start with the elements of ans";
            case UNION -> "the new value lacks an element of ans";
            case ADD, SUBTRACT_FROM, MULTIPLY -> "the new value's shape differs from ans";
        };
    }

    /** The elements of {@code target} after the first {@code ans.size()}. */
    private static JsonNode appended(JsonNode ans, JsonNode target) {
        if (!ans.isArray() || !target.isArray()) {
            throw new IllegalArgumentException("APPEND needs arrays, got " + ans.getNodeType().name()
                    + " as ans and " + target.getNodeType().name() + " as the new value");
        }
        if (target.size() < ans.size()) {
            throw new IllegalArgumentException("the new value has " + target.size()
                    + " elements, fewer than the " + ans.size() + " of ans");
        }
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        for (int i = ans.size(); i < target.size(); i++) {
            rest.add(target.get(i).deepCopy());
        }
        return rest;
    }

    /** The elements of {@code target} that {@code ans} lacks, each once, in target's order. */
    private static JsonNode added(JsonNode ans, JsonNode target) {
        JsonNode union = apply(AtomicOp.Kind.UNION, ans, target);
        ArrayNode added = JsonNodeFactory.instance.arrayNode();
        for (int i = ans.size(); i < union.size(); i++) {
            added.add(union.get(i));
        }
        return added;
    }

    /** {@code target / ans} element by element, exactly; integral where both are and it divides. */
    private static JsonNode divide(JsonNode target, JsonNode ans, String path) {
        if (target.isArray() && ans.isArray() && target.size() == ans.size()) {
            ArrayNode quotient = JsonNodeFactory.instance.arrayNode(target.size());
            for (int i = 0; i < target.size(); i++) {
                quotient.add(divide(target.get(i), ans.get(i), path + "[" + i + "]"));
            }
            return quotient;
        }
        if (target.isObject() && ans.isObject() && target.size() == ans.size()) {
            ObjectNode quotient = JsonNodeFactory.instance.objectNode();
            for (var names = target.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode divisor = ans.get(name);
                if (divisor == null) {
                    throw new IllegalArgumentException("ans has no field " + path + "." + name);
                }
                quotient.set(name, divide(target.get(name), divisor, path + "." + name));
            }
            return quotient;
        }
        if (!target.isNumber() || !ans.isNumber()) {
            throw new IllegalArgumentException("the new value's shape at " + path + " differs from ans");
        }
        BigDecimal divisor = JsonArithmetic.exact(ans);
        if (divisor.signum() == 0) {
            throw new IllegalArgumentException("ans is 0 at " + path);
        }
        if (target.isIntegralNumber() && ans.isIntegralNumber() && target.canConvertToLong()
                && ans.canConvertToLong() && target.longValue() % ans.longValue() == 0) {
            return LongNode.valueOf(target.longValue() / ans.longValue());
        }
        try {
            return DecimalNode.valueOf(JsonArithmetic.exact(target).divide(divisor));
        } catch (ArithmeticException nonTerminating) {
            throw new IllegalArgumentException(target + " / " + ans + " at " + path
                    + " has no exact decimal quotient");
        }
    }

    private static boolean isLong(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong();
    }

    private static JsonNode apply(AtomicOp.Kind kind, JsonNode current, JsonNode operand) {
        return JsonArithmetic.apply(kind, current, operand);
    }

    /** The exact decimal of a number node, as the reference arithmetic reads it. */
    private IllegalArgumentException cannotExpress(String reason, Exception cause) {
        return new IllegalArgumentException("cannot express the write with \"" + text + "\": " + reason, cause);
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid atomic equation \"" + text + "\": " + reason);
    }
}
