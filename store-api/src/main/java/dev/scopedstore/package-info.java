/**
 * The application's API: {@link dev.scopedstore.Store}, {@link dev.scopedstore.State}, scopes,
 * atomic equations and the exceptions.
 */
package dev.scopedstore;
