/**
 * The conformance kit: {@link dev.scopedstore.testkit.StoreConformanceKit}, the suite every
 * backend runs, and its fixtures ({@link dev.scopedstore.testkit.TestClock},
 * {@link dev.scopedstore.testkit.Awaiting}, {@link dev.scopedstore.testkit.Recorder},
 * {@link dev.scopedstore.testkit.Concurrently}).
 */
package dev.scopedstore.testkit;
