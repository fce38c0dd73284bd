package dev.scopedstore.redis;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.Pause;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Turns Lettuce's exceptions into the store's: unreachable or busy → retryable unavailable. */
final class RedisErrors {
    private static final String[] TRANSIENT = {"LOADING", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN",
        "READONLY", "BUSY", "NOREPLICAS"};

    private RedisErrors() {
    }

    static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    /**
     * Runs an operation, trying again while the connection is being re-established (a dropped
     * connection reconnects in milliseconds) or after an attempt timed out (on a cluster one
     * attempt is shorter than the budget, so a command stuck on a dead master is sent again to
     * its successor), until {@code budget} has passed; then
     * {@link BackendUnavailableException}. Every operation sent this way is idempotent or
     * carries a write id the script checks, so sending it again never applies it twice.
     */
    static <T> T call(String what, java.time.Duration budget, Supplier<T> operation) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                if (!isRetryable(e) || System.nanoTime() - deadline > 0) {
                    throw translate(what, e);
                }
            }
            pause(what, 10);
        }
    }

    /**
     * @return whether sending the command again may succeed: it was rejected unsent or cancelled
     *     with the connection ({@link #isRejectedUnsent}), its connection failed under it (a
     *     pipelined reply fails with the {@link IOException} itself), Lettuce cancelled it (a
     *     connection reset), or it timed out (possibly on a dead cluster master); a future's
     *     wrapping exceptions are looked through
     */
    static boolean isRetryable(Throwable failure) {
        Throwable e = unwrapped(failure);
        return isRejectedUnsent(e) || e instanceof IOException || e instanceof RedisCommandTimeoutException
                || e instanceof CancellationException;
    }

    /** Waits before another try. */
    static void pause(String what, long millis) {
        Pause.sleep(millis, () -> new BackendUnavailableException("interrupted while waiting for Redis: " + what, null));
    }

    /**
     * @return whether the command failed with the connection: rejected unsent while
     *     reconnecting, or cancelled in flight when the connection dropped (not a timeout, not
     *     an error reply)
     */
    private static boolean isRejectedUnsent(Throwable e) {
        return e instanceof RedisException && !(e instanceof RedisCommandExecutionException)
                && !(e instanceof RedisCommandTimeoutException);
    }

    /**
     * A failed write on one state, as the store reports it: a script that found the state's
     * string without a readable header (its error reply starts with {@code CORRUPT}; nothing
     * was written) is {@link dev.scopedstore.CorruptStateException} for that state, as reading
     * it is; any other failure as it was.
     */
    static RuntimeException onState(StateId id, RuntimeException failure) {
        return isCorrupt(failure) ? RedisCodec.unreadableHeader(id, failure.getCause()) : failure;
    }

    /** @return whether a script refused to touch a state whose header it could not read */
    static boolean isCorrupt(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof RedisCommandExecutionException && String.valueOf(e.getMessage()).startsWith("CORRUPT")) {
                return true;
            }
        }
        return false;
    }

    static RuntimeException translate(String what, Throwable failure) {
        Throwable e = unwrapped(failure);
        if (e instanceof StoreException || e instanceof ArithmeticException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return (RuntimeException) e;
        }
        if (e instanceof RedisCommandExecutionException) {
            String message = String.valueOf(e.getMessage());
            for (String prefix : TRANSIENT) {
                if (message.startsWith(prefix)) {
                    return new BackendUnavailableException("Redis cannot serve " + what + " now: "
                            + message, e);
                }
            }
            return new StoreException("Redis refused " + what + ": " + message, e);
        }
        if (e instanceof RedisException || e instanceof IOException || e instanceof CancellationException) {
            return new BackendUnavailableException("Redis is unavailable for " + what + ": "
                    + e.getMessage() + because(e), e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new BackendUnavailableException("interrupted while waiting for Redis: " + what, e);
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new StoreException("Redis failed " + what + ": " + e, e);
    }

    /**
     * @return the root cause's message in parentheses, which says why a connection failed (a
     *     refused connection, an unknown host, a certificate the JDK does not trust), or ""
     */
    private static String because(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
