package dev.scopedstore;

/**
 * The backend could not be reached, did not answer within the configured timeout, or is held by
 * another process (a memory store's snapshot file in use). The
 * operation may or may not have taken effect only where its javadoc says so; retrying it is
 * safe, because no write is ever applied twice. Raised within the operation timeout: the store
 * fails fast rather than hanging.
 */
public class BackendUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached
     * @param cause the driver's failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
