package dev.scopedstore.web;

import dev.scopedstore.session.ClientSession;

/**
 * One request of a browser, as an {@link AccessPolicy} sees it.
 *
 * @param session the requesting client's session (its user, if logged in, is
 *     {@link ClientSession#userId()})
 * @param scope the state's scope as the application declared it, placeholders unresolved
 *     ({@code chat.$client}): a browser never names a resolved scope
 * @param key the state's key
 * @param operation what the browser asks to do
 */
public record StateAccess(ClientSession session, String scope, String key, Operation operation) {
}
