package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a provider gets to open a backend. Options merge the URL's query parameters with
 * the store's properties (the properties win). The URL may carry a password: a backend must
 * never print it; {@link #toString()} leaves it out.
 *
 * @param url the store URL, e.g. {@code memory:/var/lib/app/states.jsonl?flushInterval=30s}
 * @param options settings by name
 * @param clock the facade's clock; expiry and timestamps follow it
 * @param operationTimeout how long one backend operation may take before
 *     {@link dev.scopedstore.BackendUnavailableException}
 * @param mapper the facade's mapper, for backends that read or write JSON text
 */
public record BackendContext(URI url, Map<String, String> options, Clock clock,
                             Duration operationTimeout, ObjectMapper mapper) {

    /** Validates and copies. */
    public BackendContext {
        Objects.requireNonNull(url, "url");
        options = Map.copyOf(options);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * @param name an option
     * @param fallback the value when the option is absent
     * @return the option's value
     */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** @return the URL's scheme and the option names, never user info or values */
    @Override
    public String toString() {
        return "BackendContext{scheme=" + url.getScheme() + ", options=" + options.keySet() + "}";
    }
}
