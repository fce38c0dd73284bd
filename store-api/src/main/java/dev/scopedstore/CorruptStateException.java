package dev.scopedstore;

/**
 * A stored value cannot be decoded at all: its bytes are not JSON or not UTF-8, or its backend's
 * record of it is damaged. A well-formed value of another type than the reading handle's is
 * {@link StateTypeMismatchException} instead.
 */
public class CorruptStateException extends UnreadableStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param stateId the state whose stored value cannot be decoded
     * @param message what is damaged
     * @param cause the decoder's failure
     */
    public CorruptStateException(StateId stateId, String message, Throwable cause) {
        super(stateId, message, cause);
    }
}
