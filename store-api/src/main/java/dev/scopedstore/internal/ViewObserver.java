package dev.scopedstore.internal;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.Subscription;

/**
 * What a store view tells the one who made it: a client session's view records the client
 * scopes that states are created in, and the subscriptions it made, to end them with the session.
 */
interface ViewObserver {
    /** Observes nothing. */
    ViewObserver NONE = new ViewObserver() {
        @Override
        public void creating(Scope scope) {
        }

        @Override
        public Subscription subscribed(Subscription subscription) {
            return subscription;
        }

        @Override
        public ViewObserver forContext(ScopeContext context) {
            return this;
        }
    };

    /**
     * Called before a state is created (get-or-create) in {@code scope}; may refuse by throwing.
     *
     * @param scope the resolved scope
     */
    void creating(Scope scope);

    /**
     * @param subscription a subscription the view just made
     * @return what the caller gets instead
     */
    Subscription subscribed(Subscription subscription);

    /**
     * @param context the context of a view made from the observed one
     * @return the observer of that view: this one while it still concerns it, else {@link #NONE}
     */
    ViewObserver forContext(ScopeContext context);
}
