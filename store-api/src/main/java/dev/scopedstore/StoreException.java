package dev.scopedstore;

/**
 * The root of every failure that Scoped Store itself reports. Misuse of the API (a {@code null}
 * argument, a malformed key, a call after {@code close()}) is reported with the JDK's own
 * exceptions instead: {@link NullPointerException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the state or setting involved
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the state or setting involved
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
