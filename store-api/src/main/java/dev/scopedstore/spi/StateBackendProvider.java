package dev.scopedstore.spi;

/**
 * Opens backends for one URL scheme. Found by {@link java.util.ServiceLoader}: register the
 * implementation in {@code META-INF/services/dev.scopedstore.spi.StateBackendProvider} and in
 * {@code module-info.java} ({@code provides ... with ...}). The constructor must be cheap and
 * touch nothing outside the JVM; the work happens in {@link #open}. Not on any hot path.
 */
public interface StateBackendProvider {
    /** @return the URL scheme this provider serves, e.g. {@code memory}, lower case */
    String scheme();

    /**
     * Whether this provider serves a URL of its scheme. A scheme shared by many products, such
     * as {@code jdbc}, is claimed by a provider for one of them: it declines the others'
     * URLs here ({@code jdbc:mysql:…} for a PostgreSQL provider), and the store reports that no
     * backend serves the URL instead of handing it to a provider that would only refuse it.
     * Called before {@link #open}; must be cheap and touch nothing outside the JVM.
     *
     * @param url the store URL, whose scheme is {@link #scheme()}
     * @return {@code true} (the default) to be asked to {@link #open} it
     */
    default boolean accepts(String url) {
        return true;
    }

    /**
     * Opens a backend. Closing the backend releases everything this call opened.
     *
     * @param context the URL, options, clock and timeouts
     * @return an open backend
     * @throws dev.scopedstore.StoreConfigurationException if the URL or an option is invalid
     * @throws dev.scopedstore.BackendUnavailableException if the backend cannot be reached
     */
    StateBackend open(BackendContext context);
}
