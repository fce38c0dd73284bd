package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a provider gets to open a backend. Options merge the URL's query parameters with
 * the store's properties (the properties win). The URL may carry a password: a backend must
 * never print it; {@link #toString()} leaves it out.
 *
 * @param url the store URL as given, e.g. {@code memory:/var/lib/app/states.jsonl?flushInterval=30s};
 *     the query is already parsed into {@code options}
 * @param options settings by name
 * @param clock the facade's clock; expiry and timestamps follow it
 * @param operationTimeout how long one backend operation may take before
 *     {@link dev.scopedstore.BackendUnavailableException}
 * @param mapper the facade's mapper, for backends that read or write JSON text
 */
public record BackendContext(String url, Map<String, String> options, Clock clock,
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

    /**
     * Reads a duration option written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or
     * ISO-8601 ({@code PT30S}).
     *
     * @param name an option
     * @param fallback the value when the option is absent
     * @return the duration
     * @throws dev.scopedstore.StoreConfigurationException naming the option if it is malformed
     *     or negative
     */
    public Duration durationOption(String name, Duration fallback) {
        return Options.duration(name, options.get(name), fallback);
    }

    /**
     * Reads a boolean option, {@code true/yes/on/1} or {@code false/no/off/0} ({@link Options}).
     *
     * @param name an option
     * @param fallback the value when the option is absent
     * @return the boolean
     * @throws dev.scopedstore.StoreConfigurationException naming the option if it is malformed
     */
    public boolean booleanOption(String name, boolean fallback) {
        return Options.bool(name, options.get(name), fallback);
    }

    /**
     * Reads a whole-number option.
     *
     * @param name an option
     * @param fallback the value when the option is absent
     * @return the number
     * @throws dev.scopedstore.StoreConfigurationException naming the option if it is malformed
     */
    public int intOption(String name, int fallback) {
        return Options.integer(name, options.get(name), fallback);
    }

    /** @return the URL without its password, and the option names without their values */
    @Override
    public String toString() {
        return "BackendContext{url=" + Urls.redact(url) + ", options=" + options.keySet() + "}";
    }
}
