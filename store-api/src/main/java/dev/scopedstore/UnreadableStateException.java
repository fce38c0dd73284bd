package dev.scopedstore;

/**
 * One state's stored value cannot be read as asked: it is {@linkplain CorruptStateException
 * damaged}, or it {@linkplain StateTypeMismatchException holds another type}. The message names
 * the scope and key; every other state stays readable, and the stored value is left as it is so
 * that it can be inspected or overwritten.
 */
public abstract class UnreadableStateException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final transient StateId stateId;

    /**
     * @param stateId the state that cannot be read
     * @param message why
     * @param cause the decoder's failure
     */
    protected UnreadableStateException(StateId stateId, String message, Throwable cause) {
        super("state " + stateId + ": " + message, cause);
        this.stateId = stateId;
    }

    /** @return the state that cannot be read */
    public StateId stateId() {
        return stateId;
    }
}
