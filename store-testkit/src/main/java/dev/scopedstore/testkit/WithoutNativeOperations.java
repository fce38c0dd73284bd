package dev.scopedstore.testkit;

import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ForwardingStateBackend;
import dev.scopedstore.spi.StateBackend;
import java.util.EnumSet;
import java.util.Set;

/**
 * A backend seen without its native atomic operations: it hides every {@code NATIVE_*}
 * capability, so that the facade runs each equation through its version-conditioned
 * compare-and-set instead. The kit uses it when
 * {@link StoreConformanceKit#nativeOperations()} is {@code false}, to prove that native
 * operations change nothing observable. Closing it does not close the backend it wraps.
 */
public final class WithoutNativeOperations extends ForwardingStateBackend {
    private final Capabilities capabilities;

    /** @param backend the backend to wrap */
    public WithoutNativeOperations(StateBackend backend) {
        super(backend);
        Capabilities all = backend.capabilities();
        Set<Capability> kept = EnumSet.noneOf(Capability.class);
        for (Capability c : all.features()) {
            if (!c.name().startsWith("NATIVE_")) {
                kept.add(c);
            }
        }
        this.capabilities = new Capabilities(kept, all.maxValueBytes());
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /** Leaves the wrapped backend open: its own store closes it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "WithoutNativeOperations[" + delegate() + "]";
    }
}
