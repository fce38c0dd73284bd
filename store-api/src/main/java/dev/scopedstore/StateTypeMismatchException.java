package dev.scopedstore;

/**
 * A state holds a well-formed value of another type than the handle that reads it, e.g. a text
 * read through a {@code State<Long>}: the state was opened with the wrong type, or another
 * release wrote it with another shape. Unlike {@link CorruptStateException} the stored value is
 * fine and stays readable as the type it holds (as JSON through {@code Store.states}, or through
 * a handle of that type); nothing is changed.
 */
public class StateTypeMismatchException extends UnreadableStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param stateId the state read with the wrong type
     * @param message what it holds and which type it does not fit
     * @param cause the decoder's failure
     */
    public StateTypeMismatchException(StateId stateId, String message, Throwable cause) {
        super(stateId, message, cause);
    }
}
