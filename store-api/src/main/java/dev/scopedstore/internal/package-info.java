/**
 * The facade's implementation: scope resolution, value mapping, equations, retries and
 * listener dispatch, shared by every backend. Not exported.
 */
package dev.scopedstore.internal;
