package dev.scopedstore.web;

/** What a browser asks to do with a state; an {@link AccessPolicy} allows each one or not. */
public enum Operation {
    /** Subscribe to the state: its current value, then every change. */
    READ,
    /** Set its value, with or without an expected version. */
    WRITE,
    /** Add to an equation state ({@code State.accumulate}). */
    ACCUMULATE,
    /** Delete it. */
    DELETE
}
