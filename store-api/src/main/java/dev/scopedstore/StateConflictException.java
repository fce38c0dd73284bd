package dev.scopedstore;

/**
 * An atomic read-modify-write ({@link State#update}) kept losing to other writers until its
 * retry budget ran out. Nothing was written by the failed call.
 */
public class StateConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message the state and how long the update tried */
    public StateConflictException(String message) {
        super(message);
    }
}
