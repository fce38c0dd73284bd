package dev.scopedstore.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random scopes, keys, labels, client ids and values for the fuzz group, from alphabets meant to
 * break encodings: the scope syntax's own characters, percent signs, quotes and braces, spaces
 * and control characters, characters outside the BMP, a lone surrogate and {@code U+0000}, names
 * near the 1,024-byte limit; numbers at the 64-bit and 38-digit edges, decimals with their
 * scale, deep nesting, long strings, empty arrays and objects. The same seed gives the same
 * inputs.
 */
final class HostileInputs {
    /** What names are built from. */
    private static final String[] NAME_UNITS = {"a", "Z", "0", "9", "$", "~", "%", "%2E", "%7E", " ",
        ".", "-", "_", "/", "\\", "\"", "'", "{", "}", "[", "]", ":", "#", "*", "?", "+", "=", "&",
        "é", "€", "ß", "\u200B", "\uFEFF", "\uFFFD", "😀", "𝄞"};
    /** What no name may hold. */
    private static final String[] REFUSED_IN_NAMES = {"\u0001", "\n", "\u007F", "\uD800", "\uDFFF", "\u0000"};
    /** What value strings are built from: control characters are fine in values. */
    private static final String[] TEXT_UNITS = {"a", "Z", "0", " ", "\t", "\n", "\r", "\u0001", "\u001F",
        "\u007F", "\"", "\\", "/", "'", "{", "}", "[", "]", "$", "~", "%", "é", "€", "\u2028", "\u2029",
        "😀", "𝄞", "\uFFFF", "<", ">", "&", "null", "true", "1e5", "\\u0000"};
    /** What no value string may hold. */
    private static final String[] REFUSED_IN_VALUES = {"\uD800", "\uDC00", "\u0000"};
    /** The UTF-8 lengths of long names: around the 1,024-byte limit of scopes and keys. */
    private static final int[] LONG_NAME_BYTES = {700, 980, 1000, 1010, 1024, 1025, 1100};
    private static final BigInteger TEN_TO_38 = BigInteger.TEN.pow(38);

    private final Random random;

    HostileInputs(long seed) {
        this.random = new Random(seed);
    }

    /** @return a name (key, label, segment or id): mostly valid, sometimes not, sometimes long */
    String name() {
        int roll = random.nextInt(100);
        if (roll < 2) {
            return "";
        }
        String name;
        if (roll < 6) {
            name = ofBytes(pick(NAME_UNITS), LONG_NAME_BYTES[random.nextInt(LONG_NAME_BYTES.length)]);
        } else {
            StringBuilder out = new StringBuilder();
            int length = 1 + random.nextInt(roll < 90 ? 8 : 40);
            for (int i = 0; i < length; i++) {
                out.append(pick(NAME_UNITS));
            }
            name = out.toString();
        }
        // one name in thirty holds what is refused, so that most cases get as far as the backend
        return random.nextInt(30) == 0 ? insert(name, pick(REFUSED_IN_NAMES)) : name;
    }

    /** @return 1 to 3 segments below the test's scope, joined with dots */
    String segments() {
        int count = 1 + random.nextInt(3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String part = name();
            // mostly keep dots out, so that most scopes are valid; a dot makes empty segments
            parts.add(random.nextInt(8) == 0 ? part : part.replace(".", ""));
        }
        return String.join(".", parts);
    }

    /** @return 0 to 2 labels */
    Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            labels.add(random.nextInt(4) == 0 ? name() : "l" + random.nextInt(5));
        }
        return labels;
    }

    /** @return a value as an application holds it: maps, lists, strings, numbers, booleans, null */
    Object value() {
        return random.nextInt(25) == 0 ? nested(28 + random.nextInt(8)) : value(3);
    }

    boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    private Object value(int depth) {
        int roll = random.nextInt(depth <= 0 ? 6 : 9);
        switch (roll) {
            case 0: return text();
            case 1: return number();
            case 2: return random.nextBoolean();
            case 3: return null;
            case 4: return random.nextInt(3) == 0 ? decimal() : text();
            case 5: return random.nextBoolean() ? List.of() : Map.of();
            case 6: case 7: {
                Map<String, Object> map = new LinkedHashMap<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    map.put(random.nextInt(3) == 0 ? text() : "f" + i, value(depth - 1));
                }
                return map;
            }
            default: {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(value(depth - 1));
                }
                return list;
            }
        }
    }

    private Object nested(int depth) {
        Object value = text();
        for (int i = 0; i < depth; i++) {
            value = random.nextBoolean() ? List.of(value) : Map.of("n", value);
        }
        return value;
    }

    private String text() {
        int roll = random.nextInt(100);
        if (roll < 5) {
            return "";
        }
        int length = roll < 95 ? 1 + random.nextInt(12) : 500 + random.nextInt(3000);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(pick(TEXT_UNITS));
        }
        // a lone surrogate or U+0000 in one string of sixty
        return random.nextInt(60) == 0 ? insert(out.toString(), pick(REFUSED_IN_VALUES)) : out.toString();
    }

    private Object number() {
        switch (random.nextInt(12)) {
            case 0: return Long.MAX_VALUE;
            case 1: return Long.MIN_VALUE;
            case 2: return (1L << 53) + 1;
            case 3: return -(1L << 53) - 1;
            case 4: return TEN_TO_38.subtract(BigInteger.ONE);                  // 38 nines
            case 5: return TEN_TO_38.subtract(BigInteger.ONE).negate();
            case 6: return TEN_TO_38.add(BigInteger.ONE);                       // 39 digits
            case 7: return BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
            case 8: return random.nextInt();
            case 9: return 0;
            default: return random.nextLong() >> random.nextInt(64);
        }
    }

    private Object decimal() {
        switch (random.nextInt(10)) {
            case 0: return new BigDecimal("1.50");
            case 1: return new BigDecimal("-0.000000000000000000000000000000000001");
            case 2: return new BigDecimal("0." + "9".repeat(38));
            case 3: return new BigDecimal("1E-131");
            case 4: return new BigDecimal("9.9E125");
            case 5: return new BigDecimal("1E126");
            case 6: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 7: return random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            case 8: return new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(30) - 10);
            default: return (double) random.nextFloat();
        }
    }

    /** @return {@code unit} repeated, then padded with 'a', to exactly {@code bytes} UTF-8 bytes */
    private static String ofBytes(String unit, int bytes) {
        String repeated = unit.repeat(bytes / unit.getBytes(StandardCharsets.UTF_8).length);
        return repeated + "a".repeat(bytes - repeated.getBytes(StandardCharsets.UTF_8).length);
    }

    private String pick(String[] units) {
        return units[random.nextInt(units.length)];
    }

    private String insert(String text, String unit) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + unit + text.substring(at);
    }
}
