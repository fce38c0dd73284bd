/**
 * The default backend: states in this process's heap, optionally kept in a snapshot file
 * ({@code memory:/path/states.jsonl?flushInterval=30s}).
 */
package dev.scopedstore.memory;
