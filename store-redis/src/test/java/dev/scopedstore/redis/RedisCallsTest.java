package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StoreException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link RedisCalls}: which failed commands are sent again, and when a batch or a re-sent write ends. */
@DisplayName("Redis commands sent again")
class RedisCallsTest {
    private final RedisCalls calls = new RedisCalls(null, Duration.ofMillis(500));

    /** Replies to each send from {@code rounds}: the i-th send answers item j with rounds[i].apply(j). */
    private static final class Sends implements Function<int[], List<CompletableFuture<String>>> {
        final List<int[]> sent = new ArrayList<>();
        private final List<Function<Integer, CompletableFuture<String>>> rounds;

        @SafeVarargs
        Sends(Function<Integer, CompletableFuture<String>>... rounds) {
            this.rounds = List.of(rounds);
        }

        @Override
        public List<CompletableFuture<String>> apply(int[] items) {
            sent.add(items.clone());
            Function<Integer, CompletableFuture<String>> round = rounds.get(Math.min(sent.size(), rounds.size()) - 1);
            List<CompletableFuture<String>> replies = new ArrayList<>();
            for (int item : items) {
                replies.add(round.apply(item));
            }
            return replies;
        }
    }

    private static CompletableFuture<String> ok(int item) {
        return CompletableFuture.completedFuture("v" + item);
    }

    @Test
    @DisplayName("items cut off with the connection, rejected unsent, timed out or cancelled are sent again, only those")
    void sendsAgainWhatFailedWithTheConnection() {
        Sends sends = new Sends(item -> switch (item) {
            case 1 -> CompletableFuture.failedFuture(new SocketException("Connection reset"));
            case 2 -> CompletableFuture.failedFuture(new RedisException("Currently not connected"));
            case 3 -> CompletableFuture.failedFuture(new RedisCommandTimeoutException("timed out"));
            case 4 -> CompletableFuture.failedFuture(new CancellationException());
            default -> ok(item);
        }, RedisCallsTest::ok);
        List<CompletableFuture<String>> replies = calls.batch("test", 6, sends);
        assertEquals(2, sends.sent.size());
        assertEquals("[1, 2, 3, 4]", Arrays.toString(sends.sent.get(1)));
        for (int i = 0; i < 6; i++) {
            assertEquals("v" + i, calls.await("test", replies.get(i)));
        }
    }

    @Test
    @DisplayName("an error reply is not sent again, and is reported for its item only")
    void errorReplyIsFinal() {
        Sends sends = new Sends(item -> item == 0
                ? CompletableFuture.failedFuture(new RedisCommandExecutionException("ERR wrong kind"))
                : ok(item));
        List<CompletableFuture<String>> replies = calls.batch("test", 2, sends);
        assertEquals(1, sends.sent.size());
        StoreException e = assertThrows(StoreException.class, () -> calls.await("test", replies.get(0)));
        assertTrue(e.getMessage().contains("ERR wrong kind"), e.getMessage());
        assertEquals("v1", calls.await("test", replies.get(1)));
    }

    @Test
    @DisplayName("a connection that stays down ends the batch at the operation timeout: unavailable")
    void endsAtTheTimeout() {
        Sends sends = new Sends(item -> CompletableFuture.failedFuture(new IOException("Connection refused")));
        long started = System.nanoTime();
        List<CompletableFuture<String>> replies = calls.batch("test", 1, sends);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 500 && tookMillis < 1500, tookMillis + " ms");
        assertTrue(sends.sent.size() > 2, "sent again meanwhile: " + sends.sent.size());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> calls.await("test", replies.get(0)));
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    @DisplayName("a reply that never comes ends the batch at the operation timeout: unavailable")
    void silentServer() {
        long started = System.nanoTime();
        List<CompletableFuture<String>> replies = calls.batch("test", 1, new Sends(item -> new CompletableFuture<>()));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1500);
        assertThrows(BackendUnavailableException.class, () -> calls.await("test", replies.get(0)));
    }

    @Test
    @DisplayName("a re-sent write that meets a busy server, then a lost connection, fails at the operation timeout,"
            + " not later")
    void idempotentEndsAtTheTimeout() {
        long started = System.nanoTime();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () ->
                calls.idempotent("test", wait -> {
                    if (System.nanoTime() - started < 400_000_000L) {
                        throw new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory");
                    }
                    throw new RedisException("Currently not connected");
                }));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // before, each attempt had the whole budget again: about 900 ms
        assertTrue(tookMillis >= 500 && tookMillis < 850, tookMillis + " ms: " + e.getMessage());
    }

    @Test
    @DisplayName("a re-sent write whose last attempt is left waiting for its reply still fails at the timeout")
    void idempotentAttemptWaitsOnlyWhatIsLeft() {
        long started = System.nanoTime();
        List<Duration> given = new ArrayList<>();
        assertThrows(BackendUnavailableException.class, () -> calls.idempotent("test", wait -> {
            given.add(wait);
            if (System.nanoTime() - started < 300_000_000L) {
                throw new RedisException("Currently not connected");
            }
            try {
                Thread.sleep(wait.toMillis());   // a reply that never comes, waited for as long as allowed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new RedisCommandTimeoutException("timed out");
        }));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 500 && tookMillis < 850, tookMillis + " ms");
        // it began about 300 ms into a 500 ms budget: about 200 ms were left, far from the whole 500
        assertTrue(given.get(given.size() - 1).toMillis() < 300, "the last attempt got what was left: " + given);
    }
}
