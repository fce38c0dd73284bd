package dev.scopedstore;

/**
 * What a scope belongs to, which decides its default time-to-live
 * ({@link StoreBuilder#defaultTtl(ScopeKind, java.time.Duration)}). A scope that names
 * several placeholders takes the most short-lived kind: {@code CLIENT}, then {@code COMPONENT},
 * then {@code USER}.
 */
public enum ScopeKind {
    /** No placeholder: one value shared by everybody. */
    GLOBAL,
    /** Contains {@link Scopes#CLIENT}: one value per connected client. */
    CLIENT,
    /** Contains {@link Scopes#COMPONENT}: one value per component instance. */
    COMPONENT,
    /** Contains {@link Scopes#USER}: one value per authenticated user. */
    USER
}
