/**
 * JMH benchmarks: each store operation next to a raw baseline doing the same work, run as
 * alternating single-fork pairs by {@link dev.scopedstore.bench.PairedRunner}; results and the
 * commands that produced them are in {@code BENCHMARKS.md}.
 */
package dev.scopedstore.bench;
