package dev.scopedstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;

/**
 * One state as a listing ({@link Store#states(ScopeQuery)}) or an export shows it: untyped,
 * because a listing does not know the application's types.
 *
 * @param id the state's identity
 * @param value the stored value as a JSON tree; do not modify it
 * @param version the state's version
 * @param labels its labels
 * @param expiresAt when it expires unless written or touched again, or {@code null} for never
 */
public record StateEntry(StateId id, JsonNode value, long version, Set<String> labels,
                         Instant expiresAt) {
}
