package dev.scopedstore.testkit;

import dev.scopedstore.StateChange;
import dev.scopedstore.StateListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A listener that records every change it receives, and can wait for one. Optionally throws
 * after recording, to prove that a failing listener disturbs nobody.
 *
 * @param <T> the value type
 */
public final class Recorder<T> implements StateListener<T> {
    private final List<StateChange<T>> changes = new CopyOnWriteArrayList<>();
    private final boolean throwing;

    private Recorder(boolean throwing) {
        this.throwing = throwing;
    }

    /**
     * @param <T> the value type
     * @return a recorder
     */
    public static <T> Recorder<T> recording() {
        return new Recorder<>(false);
    }

    /**
     * @param <T> the value type
     * @return a recorder that throws after recording each change
     */
    public static <T> Recorder<T> throwingAfterRecording() {
        return new Recorder<>(true);
    }

    @Override
    public void onChange(StateChange<T> change) {
        changes.add(change);
        if (throwing) {
            throw new IllegalStateException("thrown on purpose by the conformance kit");
        }
    }

    /** @return the changes received so far, in arrival order */
    public List<StateChange<T>> changes() {
        return List.copyOf(changes);
    }

    /**
     * Waits for a change that matches.
     *
     * @param timeout the longest wait
     * @param wanted what the change must satisfy
     * @param description the wanted change, for the failure message
     * @return the first matching change
     */
    public StateChange<T> await(Duration timeout, Predicate<StateChange<T>> wanted, String description) {
        Awaiting.until(timeout, () -> changes.stream().anyMatch(wanted),
                () -> "a change " + description + "; received " + changes);
        return changes.stream().filter(wanted).findFirst().orElseThrow();
    }
}
