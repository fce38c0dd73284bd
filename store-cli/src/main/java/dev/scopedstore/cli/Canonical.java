package dev.scopedstore.cli;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A scope as the tool takes it: the canonical form that {@code ls} prints, such as
 * {@code chat.$client~alice}, parsed by {@link Scope#parse} (so an unresolved {@code $client}
 * is refused). Application calls ({@link StateOptions#scope}) do not accept canonical forms, so
 * for writes through a state handle the scope is turned back into what an application would
 * write ({@code chat.$client}) plus a view whose {@link ScopeContext} resolves each
 * placeholder to the id decoded from its segment; the result is checked to resolve to exactly
 * the parsed scope.
 *
 * @param scope the parsed canonical scope
 * @param appScope the same scope with placeholders, as an application writes it
 * @param context what resolves those placeholders back to the ids of {@code scope}
 */
record Canonical(Scope scope, String appScope, ScopeContext context) {

    /**
     * @param text a canonical scope
     * @return it, with the application form and the context that resolves it
     * @throws IllegalArgumentException if it is not canonical, names an unresolved placeholder,
     *     or names one placeholder with two different ids (which no view can resolve)
     */
    static Canonical parse(String text) {
        Scope scope = Scope.parse(text);
        ScopeContext context = ScopeContext.empty();
        Map<String, String> ids = new HashMap<>();
        StringBuilder app = new StringBuilder(text.length());
        for (String segment : text.split("\\.", -1)) {
            if (app.length() > 0) {
                app.append('.');
            }
            if (!segment.startsWith("$")) {
                app.append(segment);
                continue;
            }
            int mark = segment.indexOf('~');
            String placeholder = segment.substring(0, mark);
            String id = decode(segment.substring(mark + 1));
            String before = ids.putIfAbsent(placeholder, id);
            if (before != null && !before.equals(id)) {
                throw new IllegalArgumentException("scope '" + text + "' names " + placeholder
                        + " with two different ids; the tool can read, list, drop, export and"
                        + " import it, but not write it through a state handle");
            }
            context = switch (placeholder) {
                case "$client" -> context.withClient(id);
                case "$component" -> context.withComponent(id);
                default -> context.withUser(id);
            };
            app.append(placeholder);
        }
        Canonical canonical = new Canonical(scope, app.toString(), context);
        if (!Scope.resolve(canonical.appScope, context).equals(scope)) {
            throw new IllegalStateException("scope '" + text + "' does not resolve back to itself");
        }
        return canonical;
    }

    /**
     * @param prefix a canonical scope, or {@code null} for every scope
     * @return a query for that scope and the scopes nested under it
     * @throws IllegalArgumentException if the scope is not canonical
     */
    static ScopeQuery prefix(String prefix) {
        return prefix == null ? ScopeQuery.all() : ScopeQuery.of(Scope.parse(prefix), true);
    }

    /**
     * @param key a key
     * @return the state's id, for reads that must not create it
     */
    StateId id(String key) {
        return new StateId(scope, key);
    }

    /**
     * @param key a key
     * @return options that, in {@link #view}, address this scope and key
     */
    StateOptions options(String key) {
        return StateOptions.key(key).scope(appScope);
    }

    /**
     * @param store a store
     * @return a view that resolves {@link #appScope} to {@link #scope}; closing it keeps the store
     */
    Store view(Store store) {
        return store.with(context);
    }

    /** Percent-decoding of an id segment that {@link Scope#parse} already checked. */
    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
