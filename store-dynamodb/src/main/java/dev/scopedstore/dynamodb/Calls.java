package dev.scopedstore.dynamodb;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.Pause;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Runs DynamoDB requests within the operation timeout. The backend's own client makes one
 * attempt per request; this class retries what is safe to retry: reads and writes conditioned
 * on their own lane number or id being unrecorded always, other writes only after a failure that proves the
 * request was not applied (throttling, a refused connection). Such a write whose outcome is
 * unknown (a lost reply) is never re-sent blindly: the caller checks whether the item recorded
 * its id instead, so no write is ever applied twice.
 */
final class Calls {
    private final Duration timeout;
    private final String table;
    private final AwsRequestOverrideConfiguration perRequest;

    /**
     * @param timeout the operation timeout
     * @param table the table, for messages
     * @param perRequestTimeout whether each request carries the timeout: needed on an
     *     application's client, whose own settings are unknown; the backend's own client has it
     */
    Calls(Duration timeout, String table, boolean perRequestTimeout) {
        this.timeout = timeout;
        this.table = table;
        this.perRequest = perRequestTimeout
                ? AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build() : null;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * @return the override every request carries, or {@code null}: the operation timeout as
     *     the API call timeout, so that an application's client without one (or with a longer
     *     one, retries included) still fails within the operation timeout
     */
    AwsRequestOverrideConfiguration perRequest() {
        return perRequest;
    }

    /**
     * Runs a read, or a write that is safe to repeat (it carries a condition that its own
     * recorded id is absent), retrying every transient failure until the operation timeout.
     */
    <T> T read(String what, Supplier<T> request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return request.get();
            } catch (ConditionalCheckFailedException | ResourceNotFoundException | ResourceInUseException e) {
                throw e;
            } catch (SdkException e) {
                if (!transientFailure(e)) {
                    throw unavailable(what, e);
                }
                pause(what, attempt, deadline, e);
            }
        }
    }

    /**
     * Runs a write. Retries it only when it certainly was not applied; when its outcome is
     * unknown, throws {@link UnknownOutcome} for the caller to resolve.
     */
    <T> T write(String what, Supplier<T> request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return request.get();
            } catch (ConditionalCheckFailedException | ResourceNotFoundException | ResourceInUseException e) {
                throw e;
            } catch (SdkException e) {
                if (notApplied(e)) {
                    pause(what, attempt, deadline, e);
                } else if (transientFailure(e)) {
                    throw new UnknownOutcome(e);
                } else {
                    throw unavailable(what, e);
                }
            }
        }
    }

    /** Throttling or a connection that never carried the request. */
    static boolean notApplied(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException()
                    || "ProvisionedThroughputExceededException".equals(errorCode(service))
                    || "RequestLimitExceeded".equals(errorCode(service));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    static boolean transientFailure(SdkException e) {
        if (e instanceof ApiCallTimeoutException) {
            return false; // the whole budget is spent
        }
        if (e instanceof AwsServiceException service) {
            return notApplied(e) || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private void pause(String what, int attempt, long deadline, SdkException cause) {
        long backoff = Math.min(1_000, 10L << Math.min(attempt, 7));
        long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
        if (System.nanoTime() + sleep * 1_000_000 > deadline) {
            throw unavailable(what, cause);
        }
        Pause.sleep(sleep, () -> new BackendUnavailableException("interrupted during " + what
                + " on DynamoDB table " + table, cause));
    }

    RuntimeException unavailable(String what, SdkException cause) {
        if (cause instanceof AwsServiceException service && service.statusCode() >= 400
                && service.statusCode() < 500 && !notApplied(cause)) {
            return new StoreException("DynamoDB table " + table + " refused " + what + ": "
                    + cause.getMessage(), cause);
        }
        return unavailable(what, (Throwable) cause);
    }

    BackendUnavailableException unavailable(String what, Throwable cause) {
        return new BackendUnavailableException("DynamoDB table " + table + " did not answer " + what
                + " within " + timeout.toMillis() + " ms: " + cause.getMessage(), cause);
    }

    /** A write that may or may not have been applied: its reply was lost. */
    static final class UnknownOutcome extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownOutcome(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
