package dev.scopedstore;

/**
 * The store cannot be opened as configured: an unknown URL scheme, two backends claiming one
 * scheme, a malformed URL or option, or a snapshot file that cannot be read. The message names
 * the bad part and, where a backend was looked up, the schemes found on the class path.
 * Passwords are never part of the message.
 */
public class StoreConfigurationException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the configuration */
    public StoreConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the configuration
     * @param cause the underlying failure
     */
    public StoreConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
