/**
 * Turns benchmark results into the markdown tables of {@code docs/performance.md}: JMH's JSON result
 * format ({@code -rf json}) in, one table per benchmark out, with the median of the per-fork medians,
 * the min–max across forks, allocation per operation where {@code -prof gc} ran, and LoopBridge's ratio
 * against every baseline measured in the same run.
 *
 * <p>Harnesses that are not JMH ({@link io.loopbridge.bench.core.TimerFootprint}, the UI harness) write
 * the same JSON shape (see {@link io.loopbridge.bench.report.BenchResult}), so one formatter serves all.
 *
 * <p><b>Threading.</b> Single-threaded tools; nothing here is shared.
 */
package io.loopbridge.bench.report;
