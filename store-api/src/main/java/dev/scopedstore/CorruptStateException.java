package dev.scopedstore;

/**
 * A stored value cannot be decoded into the type of the state that reads it. The message names
 * the scope and key; every other state stays readable, and the stored value is left as it is
 * so that it can be inspected or overwritten.
 */
public class CorruptStateException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final transient StateId stateId;

    /**
     * @param stateId the state whose stored value cannot be decoded
     * @param message what does not fit
     * @param cause the decoder's failure
     */
    public CorruptStateException(StateId stateId, String message, Throwable cause) {
        super("state " + stateId + ": " + message, cause);
        this.stateId = stateId;
    }

    /** @return the state whose stored value cannot be decoded */
    public StateId stateId() {
        return stateId;
    }
}
