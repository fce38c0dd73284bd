package dev.scopedstore.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * The Lua scripts, each {@code common.lua} followed by its own body, sent with EVALSHA and
 * re-sent as EVAL (which also caches it) when a server answers NOSCRIPT, e.g. after a restart
 * or on a new cluster node. User input travels only as KEYS and ARGV.
 */
enum RedisScripts {
    GET_OR_CREATE("getorcreate"),
    PUT("put"),
    PUT_IF_VERSION("putifversion"),
    APPLY("apply"),
    DELETE("delete"),
    TOUCH("touch"),
    PRUNE("prune");

    final String text;
    final String sha;

    RedisScripts(String name) {
        this.text = resource("common") + "\n" + resource(name);
        this.sha = sha1(text);
    }

    /** Runs the script and waits for its reply ({@link RedisConnections#join}). */
    <T> T run(RedisConnections redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.join(redis.async.<T>evalsha(sha, type, keys, args));
        } catch (RedisNoScriptException e) {
            return redis.join(redis.async.<T>eval(text, type, keys, args));
        }
    }

    /** As {@link #run(RedisConnections, ScriptOutputType, String[], String...)}, waiting at most {@code wait}. */
    <T> T run(RedisConnections redis, ScriptOutputType type, Duration wait, String[] keys, String... args) {
        try {
            return redis.join(redis.async.<T>evalsha(sha, type, keys, args), wait);
        } catch (RedisNoScriptException e) {
            return redis.join(redis.async.<T>eval(text, type, keys, args), wait);
        }
    }

    <T> CompletionStage<T> runAsync(RedisClusterAsyncCommands<String, String> async,
                                    ScriptOutputType type, String[] keys, String... args) {
        return orEval(async, async.<T>evalsha(sha, type, keys, args), type, keys, args);
    }

    /**
     * Runs the script {@code count} times, the i-th with {@code keysOf(i)} and {@code argsOf(i)},
     * all sent in one write to the connection ({@link RedisConnections#dispatchAll}); each reply
     * is the script's result as {@code type}: {@link ScriptOutputType#MULTI} (a list) or
     * {@link ScriptOutputType#INTEGER} (a {@code Long}).
     */
    <T> List<CompletableFuture<T>> runAll(RedisConnections redis, ScriptOutputType type, int count,
                                          IntFunction<String[]> keysOf, IntFunction<String[]> argsOf) {
        String[][] keys = new String[count][];
        String[][] args = new String[count][];
        List<AsyncCommand<String, String, T>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys[i] = keysOf.apply(i);
            args[i] = argsOf.apply(i);
            CommandArgs<String, String> commandArgs = new CommandArgs<>(StringCodec.UTF8).add(sha)
                    .add(keys[i].length).addKeys(keys[i]).addValues(args[i]);
            sent.add(new AsyncCommand<>(new Command<>(CommandType.EVALSHA, RedisScripts.<T>output(type),
                    commandArgs)));
        }
        redis.dispatchAll(sent);
        List<CompletableFuture<T>> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(orEval(redis.async, sent.get(i), type, keys[i], args[i]).toCompletableFuture());
        }
        return replies;
    }

    /** The output Lettuce's {@code evalsha} would give a reply of {@code type}. */
    @SuppressWarnings("unchecked")
    private static <T> CommandOutput<String, String, T> output(ScriptOutputType type) {
        return switch (type) {
            case MULTI -> (CommandOutput<String, String, T>) new NestedMultiOutput<>(StringCodec.UTF8);
            case INTEGER -> (CommandOutput<String, String, T>) new IntegerOutput<>(StringCodec.UTF8);
            default -> throw new IllegalArgumentException("no batched script replies " + type);
        };
    }

    /** The reply of an EVALSHA already sent, or of the script sent as EVAL if the server answered NOSCRIPT. */
    private <T> CompletionStage<T> orEval(RedisClusterAsyncCommands<String, String> async, CompletionStage<T> first,
                                          ScriptOutputType type, String[] keys, String[] args) {
        return first.handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException
                    && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return async.<T>eval(text, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    private static String resource(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
