/**
 * The end-to-end harness on the JavaFX Application Thread and the Event Dispatch Thread: plain mains, as
 * JMH does not model a UI thread. {@link io.loopbridge.bench.ui.UiSuite} starts a fresh JVM per
 * (mode, implementation, row group, repetition) running {@link io.loopbridge.bench.ui.UiBench}, which
 * measures LoopBridge and, in the same run, the toolkit's own primitives, kotlinx-coroutines' UI
 * dispatchers and RxJava 3's UI schedulers: post throughput and latency, timer lateness, 100,000 timers
 * with half cancelled, frame gaps under a flood of posts. {@link io.loopbridge.bench.ui.UiAwaitBench}
 * (JDK 21+) measures one await+resume step of a coroutine on those threads against a {@code thenCompose}
 * step and kotlinx-coroutines' ({@link io.loopbridge.bench.ui.KotlinxYield}), side by side in one JVM per mode.
 */
package io.loopbridge.bench.ui;
