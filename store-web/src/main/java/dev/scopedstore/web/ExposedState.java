package dev.scopedstore.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateOptions;

/**
 * A state the servlet serves: the application declares each one; a browser naming any other
 * is answered {@code 400}.
 *
 * @param scope as the application writes it, e.g. {@code chat.$client}
 * @param key the key
 * @param defaultValue the value of a new state
 * @param options the state's options (key, scope, equation, time-to-live)
 */
record ExposedState(String scope, String key, JsonNode defaultValue, StateOptions options) {

    /** @return how browsers and events name the state: {@code scope/key} */
    String name() {
        return name(scope, key);
    }

    static String name(String scope, String key) {
        return scope + "/" + key;
    }
}
