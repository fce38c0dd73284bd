package dev.scopedstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A resolved scope in its canonical form: dot-separated segments, each either a literal of the
 * application ({@code poll}, {@code 42}) or a resolved placeholder such as
 * {@code $client~a1%2Eb}, whose id is percent-encoded (every byte but {@code A-Z a-z 0-9 - _}),
 * so that an id containing dots stays one segment and no two ids share a form.
 *
 * <p>The canonical form is what listings, exports and the command-line tool show. Application
 * code does not write it: it names scopes with placeholders and lets
 * {@link #resolve(String, ScopeContext)} fill them in; only the administrative route
 * ({@link #parse(String)}, {@link StateId#parse(String, String)}, import) accepts a canonical
 * form back. Because literal segments may not start with {@code $}, a global scope can never
 * be spelled like a client's.
 *
 * <p>Instances are immutable and compare by canonical form.
 */
public final class Scope implements Comparable<Scope> {
    private static final String RESOLVED_MARK = "~";
    /** How a resolved client segment starts: {@code toString} hides what follows. */
    private static final String CLIENT_MARK = Scopes.CLIENT + RESOLVED_MARK;

    /** A top-level scope's {@link #parent}, as a value that is no scope. */
    private static final Scope NO_PARENT = new Scope("", ScopeKind.GLOBAL);

    private final String canonical;
    private final ScopeKind kind;
    /** Computed on first use; racy on purpose: every thread computes the same immutable value. */
    private Scope parent;
    /** How many segments; computed on first use ({@code 0} until then), racy as {@link #parent}. */
    private int depth;

    private Scope(String canonical, ScopeKind kind) {
        this.canonical = canonical;
        this.kind = kind;
    }

    /**
     * Resolves a scope as an application writes it, replacing each placeholder by the
     * context's id.
     *
     * @param scope dot-separated segments; literal segments may not start with {@code $}
     * @param context the ids that placeholders resolve to
     * @return the resolved scope
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the scope is empty, has an empty segment, a control
     *     character, an unknown placeholder, a canonical (already resolved) segment, or is
     *     longer than 1,024 UTF-8 bytes once resolved
     * @throws MissingScopeContextException if the context cannot resolve a placeholder
     */
    public static Scope resolve(String scope, ScopeContext context) {
        Objects.requireNonNull(context, "context");
        if (isPlainLiteral(scope)) {
            return new Scope(Names.requireWithinLimit("scope", scope), ScopeKind.GLOBAL);
        }
        List<String> segments = segments(scope);
        StringBuilder canonical = new StringBuilder(scope.length() + 16);
        ScopeKind kind = ScopeKind.GLOBAL;
        for (String segment : segments) {
            if (canonical.length() > 0) {
                canonical.append('.');
            }
            if (segment.startsWith("$")) {
                if (segment.contains(RESOLVED_MARK)) {
                    throw new IllegalArgumentException("scope '" + scope + "' contains the canonical"
                            + " segment '" + segment + "'; application calls name placeholders ("
                            + Scopes.CLIENT + ", " + Scopes.COMPONENT + ", " + Scopes.USER
                            + "), only StateId.parse and import accept canonical forms");
                }
                ScopeKind placeholder = placeholderKind(scope, segment);
                String id = context.idFor(placeholder, scope);
                canonical.append(segment).append(RESOLVED_MARK).append(encode(id));
                kind = shorterLived(kind, placeholder);
            } else {
                canonical.append(segment);
            }
        }
        return new Scope(Names.requireWithinLimit("scope", canonical.toString()), kind);
    }

    /**
     * Parses a canonical scope, as printed by listings, exports and the command-line tool. This
     * is the administrative route: it accepts resolved placeholder segments and refuses
     * unresolved ones.
     *
     * @param canonical a canonical scope such as {@code chat.$client~c1}
     * @return the scope
     * @throws NullPointerException if {@code canonical} is {@code null}
     * @throws IllegalArgumentException if it is not in canonical form or is too long
     */
    public static Scope parse(String canonical) {
        ScopeKind kind = ScopeKind.GLOBAL;
        for (String segment : segments(canonical)) {
            if (!segment.startsWith("$")) {
                continue;
            }
            int mark = segment.indexOf(RESOLVED_MARK);
            if (mark < 0) {
                throw new IllegalArgumentException("scope '" + canonical + "' has the unresolved"
                        + " placeholder '" + segment + "'; a canonical scope names resolved ids,"
                        + " such as " + Scopes.CLIENT + "~c1");
            }
            ScopeKind placeholder = placeholderKind(canonical, segment.substring(0, mark));
            String encoded = segment.substring(mark + 1);
            String id = decode(canonical, encoded);
            if (id.isEmpty() || !encode(id).equals(encoded)) {
                throw new IllegalArgumentException("scope '" + canonical + "' has the segment '"
                        + segment + "', which is not in canonical form (expected '"
                        + segment.substring(0, mark + 1) + encode(id) + "')");
            }
            kind = shorterLived(kind, placeholder);
        }
        return new Scope(Names.requireWithinLimit("scope", canonical), kind);
    }

    /** @return the canonical form, e.g. {@code chat.$client~c1} */
    public String canonical() {
        return canonical;
    }

    /**
     * The scope one level up: {@code poll.42} for {@code poll.42.a}. A dot inside a resolved id
     * is percent-encoded, so it is never a level.
     *
     * @return the parent, or {@code null} for a scope of one segment
     */
    public Scope parent() {
        Scope known = parent;
        if (known == null) {
            int dot = canonical.lastIndexOf('.');
            known = dot < 0 ? NO_PARENT : parse(canonical.substring(0, dot));
            parent = known;
        }
        return known == NO_PARENT ? null : known;
    }

    /** @return how many segments the scope has: 1 for {@code poll}, 3 for {@code poll.42.a} */
    public int depth() {
        int known = depth;
        if (known == 0) {
            known = 1;
            for (int i = 0; i < canonical.length(); i++) {
                if (canonical.charAt(i) == '.') {
                    known++;
                }
            }
            depth = known;
        }
        return known;
    }

    /** @return what this scope belongs to, for its default time-to-live */
    public ScopeKind kind() {
        return kind;
    }

    /**
     * Tells whether a scope is this one or nested under it by dots: {@code poll} contains
     * {@code poll} and {@code poll.42.a}, not {@code pollster}.
     *
     * @param other the scope to test
     * @return whether {@code other} is this scope or lies below it
     */
    public boolean contains(Scope other) {
        String o = other.canonical;
        return o.equals(canonical)
                || (o.length() > canonical.length() && o.startsWith(canonical)
                    && o.charAt(canonical.length()) == '.');
    }

    @Override
    public int compareTo(Scope other) {
        return canonical.compareTo(other.canonical);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope && ((Scope) o).canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /**
     * For messages and logs: the canonical form with every client id cut out
     * ({@code chat.$client~…}), so that no client id reaches a log. Use {@link #canonical()} for
     * the form itself.
     *
     * @return the canonical form without client ids
     */
    @Override
    public String toString() {
        int at = canonical.indexOf(CLIENT_MARK);
        if (at < 0) {
            return canonical;
        }
        StringBuilder shown = new StringBuilder(canonical.length());
        int from = 0;
        while (at >= 0) {
            if (at == 0 || canonical.charAt(at - 1) == '.') {
                shown.append(canonical, from, at + CLIENT_MARK.length()).append('…');
                int dot = canonical.indexOf('.', at);
                from = dot < 0 ? canonical.length() : dot;
            }
            at = canonical.indexOf(CLIENT_MARK, at + CLIENT_MARK.length());
        }
        return shown.append(canonical, from, canonical.length()).toString();
    }

    /**
     * The common case in one pass: letters, digits, {@code - _} and single inner dots only, so
     * the scope is its own canonical form.
     */
    private static boolean isPlainLiteral(String scope) {
        int n = Objects.requireNonNull(scope, "scope").length();
        if (n == 0 || scope.charAt(0) == '.' || scope.charAt(n - 1) == '.') {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = scope.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || (c == '.' && previous != '.');
            if (!plain) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static List<String> segments(String scope) {
        Names.requireText("scope", scope);
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (true) {
            int dot = scope.indexOf('.', start);
            String segment = scope.substring(start, dot < 0 ? scope.length() : dot);
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("scope '" + scope + "' has an empty segment at"
                        + " index " + start + "; segments are separated by single dots");
            }
            segments.add(segment);
            if (dot < 0) {
                return segments;
            }
            start = dot + 1;
        }
    }

    private static ScopeKind placeholderKind(String scope, String placeholder) {
        switch (placeholder) {
            case Scopes.CLIENT:
                return ScopeKind.CLIENT;
            case Scopes.COMPONENT:
                return ScopeKind.COMPONENT;
            case Scopes.USER:
                return ScopeKind.USER;
            default:
                throw new IllegalArgumentException("scope '" + scope + "' has the unknown placeholder '"
                        + placeholder + "'; literal segments may not start with '$', and the"
                        + " placeholders are " + Scopes.CLIENT + ", " + Scopes.COMPONENT + " and "
                        + Scopes.USER);
        }
    }

    private static ScopeKind shorterLived(ScopeKind a, ScopeKind b) {
        return a == ScopeKind.GLOBAL || b.ordinal() < a.ordinal() ? b : a;
    }

    static String encode(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String scope, String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException("scope '" + scope + "' has a malformed"
                            + " percent-escape in '" + encoded + "'");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
