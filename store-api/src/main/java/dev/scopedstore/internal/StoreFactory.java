package dev.scopedstore.internal;

import dev.scopedstore.Store;
import dev.scopedstore.StoreConfig;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import dev.scopedstore.spi.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Opens stores: finds the {@link StateBackendProvider} for a URL's scheme with
 * {@link ServiceLoader} and builds the facade around the backend it opens. Not on any hot path.
 */
public final class StoreFactory {
    private static final System.Logger LOG = System.getLogger(StoreFactory.class.getName());
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    private StoreFactory() {
    }

    /** @return {@code scopedstore.url}, else {@code SCOPEDSTORE_URL}, else {@code memory:} */
    public static String defaultUrl() {
        String url = System.getProperty("scopedstore.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("SCOPEDSTORE_URL");
        }
        return url == null || url.isBlank() ? "memory:" : url;
    }

    /**
     * @param url a store URL
     * @return a store on the backend that serves it
     */
    public static Store open(String url) {
        return open(Store.builder().url(url).config());
    }

    /**
     * @param config the configuration; its backend, if given, is used and never closed
     * @return a store
     */
    public static Store open(StoreConfig config) {
        if (config.backend() != null) {
            return new DefaultStore(new StoreRuntime(config, config.backend(), false), config.context());
        }
        String url = config.url() != null ? config.url() : defaultUrl();
        StateBackend backend = openBackend(url, config);
        return new DefaultStore(new StoreRuntime(config, backend, true), config.context());
    }

    private static StateBackend openBackend(String url, StoreConfig config) {
        String shown = Urls.redact(url);
        int colon = url.indexOf(':');
        if (colon <= 0 || !SCHEME.matcher(url.substring(0, colon)).matches()) {
            throw new StoreConfigurationException("store URL '" + shown + "' has no scheme; expected"
                    + " one of " + providers().keySet() + ", e.g. memory: or redis://host:6379");
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (url.length() > colon + 1) {
            try {
                new URI(url);
            } catch (URISyntaxException e) {
                throw new StoreConfigurationException("store URL '" + shown + "' is malformed: "
                        + e.getReason() + " at index " + e.getIndex());
            }
        }
        Map<String, List<StateBackendProvider>> providers = providers();
        List<StateBackendProvider> candidates = providers.getOrDefault(scheme, List.of());
        if (candidates.isEmpty()) {
            throw new StoreConfigurationException("no backend for the scheme '" + scheme + "' of '"
                    + shown + "'; schemes on the class path: " + providers.keySet()
                    + " (add the module, e.g. store-redis, for another)");
        }
        List<StateBackendProvider> accepting = new ArrayList<>();
        candidates.forEach(p -> {
            if (p.accepts(url)) {
                accepting.add(p);
            }
        });
        if (accepting.isEmpty()) {
            List<String> names = new ArrayList<>();
            candidates.forEach(p -> names.add(p.getClass().getName()));
            throw new StoreConfigurationException("no backend for '" + shown + "': the providers of the"
                    + " scheme '" + scheme + "' on the class path " + names + " serve other URLs of it"
                    + " (add the module for this one)");
        }
        candidates = accepting;
        if (candidates.size() > 1) {
            List<String> names = new ArrayList<>();
            candidates.forEach(p -> names.add(p.getClass().getName()));
            throw new StoreConfigurationException("several backends claim the scheme '" + scheme
                    + "': " + names + "; keep one on the class path");
        }
        Map<String, String> options = new HashMap<>(queryOptions(url, shown));
        options.putAll(config.properties());
        return candidates.get(0).open(new BackendContext(url, options, config.clock(),
                config.operationTimeout(), config.mapper()));
    }

    /** Providers by scheme; a provider that fails to load is logged and skipped. */
    private static Map<String, List<StateBackendProvider>> providers() {
        Map<String, List<StateBackendProvider>> byScheme = new TreeMap<>();
        Iterator<StateBackendProvider> it = ServiceLoader.load(StateBackendProvider.class,
                StoreFactory.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return byScheme;
                }
                StateBackendProvider provider = it.next();
                byScheme.computeIfAbsent(provider.scheme().toLowerCase(Locale.ROOT),
                        s -> new ArrayList<>()).add(provider);
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "skipping a backend provider that failed to load", e);
            }
        }
    }

    private static Map<String, String> queryOptions(String url, String shown) {
        Map<String, String> options = new HashMap<>();
        int q = url.indexOf('?');
        String raw = q < 0 ? "" : url.substring(q + 1);
        int fragment = raw.indexOf('#');
        raw = fragment < 0 ? raw : raw.substring(0, fragment);
        if (raw.isEmpty()) {
            return options;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new StoreConfigurationException("store URL '" + shown + "' has an option"
                        + " without a value near '" + pair.substring(0, Math.min(pair.length(), 20))
                        + "'; expected name=value");
            }
            options.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return options;
    }
}
