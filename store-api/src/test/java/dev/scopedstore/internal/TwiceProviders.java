package dev.scopedstore.internal;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/** Two providers that both claim the scheme {@code twice}, registered for tests only. */
final class TwiceProviders {
    private TwiceProviders() {
    }

    /** The first claimant. */
    public static final class First implements StateBackendProvider {
        @Override
        public String scheme() {
            return "twice";
        }

        @Override
        public StateBackend open(BackendContext context) {
            throw new AssertionError("a store must not open when two providers claim its scheme");
        }
    }

    /** The second claimant. */
    public static final class Second implements StateBackendProvider {
        @Override
        public String scheme() {
            return "TWICE";
        }

        @Override
        public StateBackend open(BackendContext context) {
            throw new AssertionError("a store must not open when two providers claim its scheme");
        }
    }
}
