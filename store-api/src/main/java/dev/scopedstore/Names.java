package dev.scopedstore;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Checks shared by scopes, keys, labels and context ids: the limits of docs/design.md, "Scopes". */
final class Names {
    /** The longest canonical scope and the longest key, in UTF-8 bytes. */
    static final int MAX_BYTES = 1024;

    private Names() {
    }

    /**
     * Requires a non-empty text without control characters or unpaired surrogates.
     *
     * @param what the name of the argument, for the message
     * @param text the text to check
     * @return the text
     */
    static String requireText(String what, String text) {
        Objects.requireNonNull(text, what);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "%s contains the control character U+%04X at index %d: '%s'",
                        what, (int) c, i, printable(text)));
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException(
                            what + " contains an unpaired surrogate at index " + i);
                }
                i++;
            }
        }
        return text;
    }

    /**
     * Requires the UTF-8 form of a text to fit {@link #MAX_BYTES}.
     *
     * @param what the name of the argument, for the message
     * @param text the text to check
     * @return the text
     */
    static String requireWithinLimit(String what, String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes
                    + " UTF-8 bytes long; the limit is " + MAX_BYTES + ": '"
                    + printable(text.substring(0, Math.min(40, text.length()))) + "…'");
        }
        return text;
    }

    /** Shows control characters as {@code \\uXXXX}, so that a message stays one readable line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
