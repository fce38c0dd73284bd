package dev.scopedstore.redis;

import dev.scopedstore.BackendUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * How one backend talks to Redis: its connections, the operation timeout, and the error
 * mapping of a synchronous call, an awaited pipelined reply, a re-sent idempotent script and a
 * batch whose failed items are sent again.
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
            throw unanswered(what, e);
        } catch (Exception e) {
            throw RedisErrors.translate(what, e);
        }
    }

    /**
     * Runs a script that carries its own write id, re-sending it while the connection is down
     * (until the operation timeout): the id makes a second arrival a no-op, so a reply lost
     * with a dropped connection never leaves the caller unsure whether the write happened.
     *
     * @param script sends the script once and waits for its reply at most the time it is given:
     *     what is left of the operation timeout
     */
    <T> T idempotent(String what, Function<Duration, T> script) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return RedisErrors.call(what, left(deadline), () -> script.apply(left(deadline)));
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                RedisErrors.pause(what, 20);
            }
        }
    }

    /** Sends a batch of scripts; see {@link #batch(String, int, Function)}. */
    <T> List<CompletableFuture<T>> batch(String what, ScriptBatch scripts) {
        return batch(what, scripts.size(), items -> scripts.<T>send(redis, items));
    }

    /**
     * Sends a batch, one command per item, and waits for every reply. The items whose command
     * failed with the connection or timed out ({@link RedisErrors#isRetryable}) are sent again,
     * only those, until the operation timeout: a batch rides through a reconnect or a cluster
     * failover as a single command does. Every item must be safe to send twice: a read, or a
     * script whose write id was fixed before the first send ({@link ScriptBatch}).
     *
     * @param send sends the items at the given indexes and returns their replies in that order
     * @return each item's reply, completed: its value, or the failure that ended its tries (for
     *     {@link #await} to report)
     */
    <T> List<CompletableFuture<T>> batch(String what, int count,
                                         Function<int[], ? extends List<? extends CompletableFuture<T>>> send) {
        if (count == 0) {
            return List.of();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<T>> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(null);
        }
        int[] pending = IntStream.range(0, count).toArray();
        while (true) {
            int[] items = pending;
            List<? extends CompletableFuture<T>> sent = RedisErrors.call(what, left(deadline), () -> send.apply(items));
            int[] again = new int[items.length];
            int failed = 0;
            for (int j = 0; j < items.length; j++) {
                CompletableFuture<T> reply = settled(what, sent.get(j), deadline);
                replies.set(items[j], reply);
                if (failedRetryably(reply)) {
                    again[failed++] = items[j];
                }
            }
            if (failed == 0 || System.nanoTime() - deadline > 0) {
                return replies;
            }
            pending = Arrays.copyOf(again, failed);
            RedisErrors.pause(what, 10);
        }
    }

    private BackendUnavailableException unanswered(String what, TimeoutException e) {
        return new BackendUnavailableException("Redis did not answer " + what + " within " + timeout, e);
    }

    /** @return the time from now to {@code deadline} ({@link System#nanoTime}), at least zero */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** @return {@code reply} once done, or a failure if it is not done by {@code deadline} */
    private <T> CompletableFuture<T> settled(String what, CompletableFuture<T> reply, long deadline) {
        try {
            reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(unanswered(what, e));
        } catch (ExecutionException | CancellationException e) {
            // failed or cancelled: kept as it is, for the caller's await to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(RedisErrors.translate(what, e));
        }
        return reply;
    }

    private static boolean failedRetryably(CompletableFuture<?> reply) {
        try {
            reply.join();
            return false;
        } catch (CompletionException | CancellationException e) {
            return RedisErrors.isRetryable(e);
        }
    }
}
