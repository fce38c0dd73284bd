package dev.scopedstore.redis;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The key layout under a namespace prefix {@code P}. Every key of scope {@code S} shares the
 * hash tag {@code {P:enc(S)}}, where {@code enc} percent-encodes every UTF-8 byte outside
 * {@code [A-Za-z0-9._-]}, so braces, colons, glob characters, spaces and Unicode can neither
 * end the tag early nor make two scopes meet:
 * <ul>
 *   <li>{@code {P:S}:s:<key>} a string per state: the header {@code <version> <time-to-live ms>
 *       <expiry, client clock ms, empty for never> <labels as a JSON array>}, a newline, and
 *       the value as JSON text (one {@code GET} reads it all);</li>
 *   <li>{@code {P:S}:i} the scope's keys, a sorted set listed with {@code ZRANGEBYLEX};</li>
 *   <li>{@code {P:S}:v} each key's mark, what a state created again continues above: the
 *       version of its last write that may expire, or of its deletion (negated, so a
 *       catching-up subscriber tells deletion from expiry); a state without expiry written
 *       again leaves it (only a deletion removes such a state, and that records the mark). A
 *       hash that expires an hour after the scope's last state with a time-to-live (never, once
 *       a state without one is written);</li>
 *   <li>{@code {P:S}:f} the scope's version floor, at or above every version in an expiring
 *       {@code :v}, never expiring: a key whose mark is gone continues above it, so versions
 *       never repeat;</li>
 *   <li>{@code {P:S}:op:<id>} markers of applied writes (six times the operation timeout,
 *       see {@link RedisWrites#markerLife}), so a re-sent script is never applied twice;</li>
 *   <li>{@code P:scopes} the registry of scopes (canonical names, for nested queries);</li>
 *   <li>{@code P:label:<label>} the states carrying a label ({@code enc(S):key});</li>
 *   <li>channel {@code P:ch:enc(S)} receives each change of {@code S} and of every scope
 *       below it; {@code P:ch:} receives every change.</li>
 * </ul>
 */
public final class RedisKeys {
    /** Slots of the per-scope key cache, a power of two: bounded however many scopes exist. */
    private static final int CACHED_SCOPES = 1024;

    private final String prefix;
    private final String registry;
    private final String channelBase;
    /**
     * Direct-mapped by the scope's hash; racy on purpose: a {@link ScopeKeys} is immutable, and
     * a miss (an empty slot, another scope in it, a lost update) only builds the keys again.
     */
    private final ScopeKeys[] scopes = new ScopeKeys[CACHED_SCOPES];

    /** @param prefix the namespace prefix, without braces */
    RedisKeys(String prefix) {
        if (prefix.isEmpty() || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the key prefix must be non-empty and free of braces: "
                    + prefix);
        }
        this.prefix = prefix;
        this.registry = prefix + ":scopes";
        this.channelBase = prefix + ":ch:";
    }

    String prefix() {
        return prefix;
    }

    /** @return the keys of the scope, from the cache when they were built recently */
    ScopeKeys of(Scope scope) {
        int slot = scope.hashCode() & (CACHED_SCOPES - 1);
        ScopeKeys cached = scopes[slot];
        if (cached != null && cached.scope().equals(scope)) {
            return cached;
        }
        String encoded = encode(scope.canonical());
        String tag = "{" + prefix + ":" + encoded + "}";
        ScopeKeys built = new ScopeKeys(scope, encoded, tag, state(tag, ""), index(tag), versions(tag),
                floor(tag), marker(tag, ""));
        scopes[slot] = built;
        return built;
    }

    /** @return the hash tag shared by every key of the scope */
    String tag(Scope scope) {
        return of(scope).tag();
    }

    String state(String tag, String key) {
        return tag + ":s:" + key;
    }

    String index(String tag) {
        return tag + ":i";
    }

    String versions(String tag) {
        return tag + ":v";
    }

    String floor(String tag) {
        return tag + ":f";
    }

    String marker(String tag, String writeId) {
        return tag + ":op:" + writeId;
    }

    String registry() {
        return registry;
    }

    String label(String label) {
        return prefix + ":label:" + label;
    }

    /** @return the channel prefix; a scope's channel appends its encoded name */
    String channelBase() {
        return channelBase;
    }

    String channel(Scope scope) {
        return scope == null ? channelBase : channelBase + encode(scope.canonical());
    }

    /** @return a state as one string, for label sets */
    static String ref(StateId id) {
        return encode(id.scope().canonical()) + ":" + id.key();
    }

    static StateId parseRef(String ref) {
        int colon = ref.indexOf(':');
        return StateId.parse(decode(ref.substring(0, colon)), ref.substring(colon + 1));
    }

    static String encode(String text) {
        if (isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** The common case, checked without allocating: nothing to encode. */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                bytes.write(Character.digit(encoded.charAt(i + 1), 16) << 4
                        | Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
