/**
 * The service-provider interface a backend implements:
 * {@link dev.scopedstore.spi.StateBackendProvider} opens a
 * {@link dev.scopedstore.spi.StateBackend} for a URL scheme.
 */
package dev.scopedstore.spi;
