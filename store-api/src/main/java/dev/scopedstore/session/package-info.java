/**
 * Client sessions: the lifecycle of a connecting client and its {@code $client} scopes.
 * {@link dev.scopedstore.session.ClientSessions#connect()} issues a client id and a signed
 * resume token, heartbeats keep the session alive, and a session that is closed or not heard of
 * for its grace period ends: every scope of that client is dropped, once, by whichever instance
 * sees it end. See docs/design.md, "Client sessions".
 */
package dev.scopedstore.session;
