package dev.scopedstore.redis;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StoreException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
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

    static RuntimeException translate(String what, Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
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
        if (e instanceof RedisException) {
            return new BackendUnavailableException("Redis is unavailable for " + what + ": "
                    + e.getMessage(), e);
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
}
