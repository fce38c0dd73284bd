package dev.scopedstore.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ClientSessions} are built with; made by {@link ClientSessions.Builder}. Immutable.
 * Its {@link #toString()} never shows the key.
 *
 * @param signingKey the HMAC-SHA-256 key of resume tokens, at least 32 bytes, or {@code null}
 *     to keep a random one in the backend, shared by every instance
 * @param gracePeriod how long a session lives unheard of, or {@code null} for the store's
 *     default time-to-live of client scopes, else 5 minutes
 * @param sweepInterval how often to sweep, {@code null} for a quarter of the grace period
 *     between 1 and 30 seconds, {@link Duration#ZERO} for never
 * @param registryScope the global scope of the registry's states
 * @param listeners told of session starts, resumes and ends
 */
public record SessionSettings(byte[] signingKey, Duration gracePeriod, Duration sweepInterval,
                              String registryScope, List<SessionListener> listeners) {

    /** Where the registry lives unless configured. */
    public static final String DEFAULT_REGISTRY_SCOPE = "scopedstore.sessions";

    /** The shortest signing key accepted, in bytes. */
    public static final int MIN_KEY_BYTES = 32;

    /** A key kept in the backend, the store's grace period, the default registry. */
    public static final SessionSettings DEFAULTS =
            new SessionSettings(null, null, null, DEFAULT_REGISTRY_SCOPE, List.of());

    /** Checks the key's length and the durations, and copies the key and the listeners. */
    public SessionSettings {
        if (signingKey != null) {
            if (signingKey.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("the signing key has " + signingKey.length
                        + " bytes; HMAC-SHA-256 resume tokens need at least " + MIN_KEY_BYTES);
            }
            signingKey = signingKey.clone();
        }
        if (gracePeriod != null && (gracePeriod.isNegative() || gracePeriod.isZero())) {
            throw new IllegalArgumentException("gracePeriod must be positive: " + gracePeriod);
        }
        if (sweepInterval != null && sweepInterval.isNegative()) {
            throw new IllegalArgumentException("sweepInterval is negative: " + sweepInterval);
        }
        Objects.requireNonNull(registryScope, "registryScope");
        listeners = List.copyOf(listeners);
    }

    /** @return a copy of the key, or {@code null} for one kept in the backend */
    @Override
    public byte[] signingKey() {
        return signingKey == null ? null : signingKey.clone();
    }

    SessionSettings withSigningKey(byte[] key) {
        return new SessionSettings(Objects.requireNonNull(key, "key"), gracePeriod, sweepInterval,
                registryScope, listeners);
    }

    SessionSettings withGracePeriod(Duration grace) {
        return new SessionSettings(signingKey, Objects.requireNonNull(grace, "gracePeriod"),
                sweepInterval, registryScope, listeners);
    }

    SessionSettings withSweepInterval(Duration interval) {
        return new SessionSettings(signingKey, gracePeriod,
                Objects.requireNonNull(interval, "sweepInterval"), registryScope, listeners);
    }

    SessionSettings withRegistryScope(String scope) {
        return new SessionSettings(signingKey, gracePeriod, sweepInterval,
                Objects.requireNonNull(scope, "registryScope"), listeners);
    }

    SessionSettings withListener(SessionListener listener) {
        List<SessionListener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return new SessionSettings(signingKey, gracePeriod, sweepInterval, registryScope, more);
    }

    @Override
    public String toString() {
        return "SessionSettings{signingKey=" + (signingKey == null ? "kept in the backend" : "given")
                + ", gracePeriod=" + gracePeriod + ", sweepInterval=" + sweepInterval
                + ", registryScope=" + registryScope + ", listeners=" + listeners.size() + "}";
    }
}
