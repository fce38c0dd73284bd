package dev.scopedstore.redis;

import dev.scopedstore.BackendUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How one backend talks to Redis: its connections, the operation timeout, and the error
 * mapping of a synchronous call, an awaited pipelined reply, and a re-sent idempotent script.
 */
final class RedisCalls {
    final RedisConnections redis;
    final Duration timeout;

    RedisCalls(RedisConnections redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    /** Runs one command, trying again while the connection is re-established; see {@link RedisErrors}. */
    <T> T call(String what, Supplier<T> operation) {
        return RedisErrors.call(what, timeout, operation);
    }

    /** Waits for one pipelined reply, at most the operation timeout. */
    <T> T await(String what, CompletableFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("Redis did not answer " + what + " within " + timeout, e);
        } catch (Exception e) {
            throw RedisErrors.translate(what, e);
        }
    }

    /**
     * Runs a script that carries its own write id, re-sending it while the connection is down
     * (until the operation timeout): the id makes a second arrival a no-op, so a reply lost
     * with a dropped connection never leaves the caller unsure whether the write happened.
     */
    <T> T idempotent(String what, Supplier<T> script) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call(what, script);
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
