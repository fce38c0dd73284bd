package dev.scopedstore.web;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, per client, state and operation, what a browser may do. The servlet asks it before
 * every subscription and write; what it does not allow is answered {@code 403} and nothing is
 * read or written. The default policy allows nothing.
 *
 * <pre>{@code
 * AccessPolicy policy = AccessPolicy.allow("chat.$client", Operation.READ, Operation.WRITE)
 *         .or(AccessPolicy.allow("$user", Operation.READ, Operation.WRITE))
 *         .or(AccessPolicy.allow("poll", Operation.READ, Operation.ACCUMULATE));
 * }</pre>
 *
 * <p>Placeholders make "own" scopes safe by construction: {@code $client} always resolves to
 * the requesting browser's own client id and {@code $user} to its own logged-in user, and a
 * request naming a resolved scope ({@code $client~other}) is refused before the policy is asked.
 */
@FunctionalInterface
public interface AccessPolicy {

    /**
     * @param access who asks to do what with which state
     * @return whether it is allowed
     */
    boolean allows(StateAccess access);

    /** @return the default: nothing is allowed */
    static AccessPolicy denyAll() {
        return access -> false;
    }

    /**
     * @param scope a declared scope, placeholders unresolved; states of this scope and of the
     *     scopes nested under it ({@code scope.…}) match
     * @param operations what is allowed on them
     * @return a policy allowing exactly that
     */
    static AccessPolicy allow(String scope, Operation... operations) {
        Objects.requireNonNull(scope, "scope");
        Set<Operation> allowed = operations.length == 0 ? EnumSet.noneOf(Operation.class)
                : EnumSet.of(operations[0], operations);
        return access -> allowed.contains(access.operation())
                && (access.scope().equals(scope) || access.scope().startsWith(scope + "."));
    }

    /**
     * @param other another policy
     * @return a policy allowing what either allows
     */
    default AccessPolicy or(AccessPolicy other) {
        Objects.requireNonNull(other, "other");
        return access -> allows(access) || other.allows(access);
    }
}
